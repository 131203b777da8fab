import next from "eslint-config-next/core-web-vitals";
import ts from "eslint-config-next/typescript";

const config = [
  ...next,
  ...ts,
  { ignores: [".next/**", ".next-*/**", "playwright-report/**", "node_modules/**", "cluster/**", ".cluster/**", "test-results/**"] },
  {
    // Only lib/k8s may talk to the Kubernetes client library.
    files: ["app/**", "components/**", "lib/**", "integration/**", "e2e/**", "bench/**", "scripts/**"],
    ignores: ["lib/k8s/**"],
    rules: {
      "no-restricted-imports": ["error", { paths: ["@kubernetes/client-node"] }],
    },
  },
];
export default config;
