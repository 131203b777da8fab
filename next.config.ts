import type { NextConfig } from "next";

/**
 * Browser-side hardening for every response. Scripts keep 'unsafe-inline' because Next streams
 * inline bootstrap scripts and several pages are prerendered (a per-request nonce would leave
 * those without one); everything else is locked to this origin, and no other site may frame,
 * embed plugins into, or re-base the portal.
 */
const dev = process.env.NODE_ENV === "development";
const csp = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join("; ");

export const SECURITY_HEADERS = [
  { key: "Content-Security-Policy", value: csp },
  { key: "X-Frame-Options", value: "DENY" },
  // Not "no-referrer": that turns the Origin of same-origin POSTs into "null", which Next's
  // server-action origin check rejects.
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

const nextConfig: NextConfig = {
  // The portal runs as one long-lived Node server (`next start`): the shared watches live in-process.
  poweredByHeader: false,
  // Lets parallel checkouts/test runs build side by side without clobbering each other.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // Types are checked once, by `tsc --noEmit` in the test suite, not again in every build.
  typescript: { ignoreBuildErrors: true },
  // lib/k8s/config.ts resolves the local cluster's kubeconfig from the working directory;
  // the tracer must not copy the cluster's data (etcd files) into the build output.
  outputFileTracingExcludes: { "*": [".cluster/**", "cluster/**", ".next-*/**", "test-results/**"] },
  serverExternalPackages: ["@kubernetes/client-node"],
  async headers() {
    return [{ source: "/:path*", headers: SECURITY_HEADERS }];
  },
};

export default nextConfig;
