/**
 * The documents area's face: what other areas may use of it (its declarations and table types). Its
 * assembly, with behaviour bound, is ./area.ts, which only areas/all.ts imports.
 */
export {
  Document,
  DocumentSharing,
  Folder,
  FolderSharing,
  ReceivedFax,
  SentFax,
  type DocumentsTables,
} from './resources.js';
