import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The portal runs as a long-lived Node server (shared watches live in-process).
  output: "standalone",
  poweredByHeader: false,
  serverExternalPackages: ["@kubernetes/client-node"],
};

export default nextConfig;
