// The folder holding the built dashboard (index.html and assets/), for a server to serve as static files.
import { fileURLToPath } from 'node:url';

export const dashboardDir = fileURLToPath(new URL('./dist/', import.meta.url));
