/** The folder holding the built dashboard (`index.html` and `assets/`), for a server to serve as static files. */
export declare const dashboardDir: string;
