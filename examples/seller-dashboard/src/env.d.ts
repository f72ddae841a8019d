// esbuild bundles the imported stylesheet into the app's CSS file (src/web/build.ts).
declare module '*.css';
