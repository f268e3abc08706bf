#!/usr/bin/env node
// `npm pack` puts a package's `bundleDependencies` into its tarball only when they sit in the package's own
// node_modules; npm workspaces link them at the root instead, so a workspace's bundle would come out empty.
// Run as a package's `prepack` (`link`) and `postpack` (`unlink`), this links each bundled workspace
// package into the packing package's node_modules for the time of the pack, after checking that it is built
// and is the version the package depends on. The tarball then carries the workspace packages' own packed
// files (their `files`), so it installs with no unpublished carehooks package in any registry.
import { existsSync, lstatSync, mkdirSync, readFileSync, rmdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** Every workspace package of the repository, by name. */
function workspacePackages() {
  const byName = new Map();
  for (const folder of readJson(join(root, 'package.json')).workspaces) {
    const dir = join(root, folder);
    byName.set(readJson(join(dir, 'package.json')).name, dir);
  }
  return byName;
}

/** Fails unless every path of the workspace package's `files` exists: a bundle of an unbuilt package is empty. */
function assertBuilt(name, dir, manifest) {
  for (const entry of manifest.files ?? []) {
    if (entry.startsWith('!')) continue;
    if (!existsSync(join(dir, entry))) {
      throw new Error(
        `${name} is not built (${relative(root, join(dir, entry))} is missing): run \`npm run build\``,
      );
    }
  }
}

function bundledLinks(packageDir) {
  const manifest = readJson(join(packageDir, 'package.json'));
  const bundled = manifest.bundleDependencies ?? manifest.bundledDependencies ?? [];
  const workspaces = workspacePackages();
  return bundled
    .filter((name) => workspaces.has(name))
    .map((name) => ({
      name,
      target: workspaces.get(name),
      link: join(packageDir, 'node_modules', name),
      manifest,
    }));
}

function link(packageDir) {
  for (const { name, target, link: linkPath, manifest } of bundledLinks(packageDir)) {
    const bundledManifest = readJson(join(target, 'package.json'));
    const wanted = manifest.dependencies?.[name];
    if (wanted !== bundledManifest.version) {
      throw new Error(
        `${manifest.name} depends on ${name}@${wanted} but the workspace holds ${bundledManifest.version}: depend on the exact version it bundles`,
      );
    }
    assertBuilt(name, target, bundledManifest);
    unlinkOne(linkPath);
    mkdirSync(dirname(linkPath), { recursive: true });
    symlinkSync(relative(dirname(linkPath), target), linkPath, 'dir');
  }
}

/** Removes a link this script made; never a real folder, which would be someone's install. */
function unlinkOne(linkPath) {
  let stat;
  try {
    stat = lstatSync(linkPath);
  } catch {
    return;
  }
  if (!stat.isSymbolicLink())
    throw new Error(`${linkPath} is a real folder, not a workspace link: remove it by hand`);
  rmSync(linkPath);
}

function unlink(packageDir) {
  for (const { link: linkPath } of bundledLinks(packageDir)) unlinkOne(linkPath);
  for (const dir of [join(packageDir, 'node_modules', '@carehooks'), join(packageDir, 'node_modules')]) {
    try {
      rmdirSync(dir); // only when empty: a folder the link needed, not anything else
    } catch {
      // not empty, or already gone
    }
  }
}

const [command] = process.argv.slice(2);
const packageDir = process.cwd();
try {
  if (command === 'link') link(packageDir);
  else if (command === 'unlink') unlink(packageDir);
  else throw new Error(`usage: bundle-workspaces.mjs link|unlink (got ${command ?? 'nothing'})`);
} catch (error) {
  console.error(`bundle-workspaces: ${error.message}`);
  process.exitCode = 1;
}
