import { expect, test } from "@playwright/test";
import { storageStateFor } from "./support/users";
import { kube, kubeCreate, kubeDelete } from "./support/kube";
import { RequestVolumePage, RequestWorkloadPage } from "./pages/developer-request-page";
import { FlowPage } from "./pages/developer-flow-page";

// Bob's self-service, as John arranges it: a manual 10Gi PV, and an ssd-like class that
// provisions host-path volumes when the first pod appears.

const s = Math.random().toString(36).slice(2, 6);
const SSD = "e2e-ssd";
const MANUAL_PV = `e2e-manual-pv-${s}`;
const NS = "team-a";
const created: string[] = [];

test.use({ storageState: storageStateFor("bob") });
test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  await kubeCreate("/apis/storage.k8s.io/v1/storageclasses", {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: {
      name: SSD,
      annotations: { "bindery.io/description": "Fast local disk for e2e tests" },
    },
    provisioner: "kubernetes.io/host-path",
    reclaimPolicy: "Delete",
    volumeBindingMode: "WaitForFirstConsumer",
    allowVolumeExpansion: true,
  });
  await kubeCreate("/api/v1/persistentvolumes", {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name: MANUAL_PV },
    spec: {
      capacity: { storage: "10Gi" },
      accessModes: ["ReadWriteOnce"],
      persistentVolumeReclaimPolicy: "Retain",
      storageClassName: "manual",
      hostPath: { path: `/tmp/bindery-e2e/${MANUAL_PV}` },
    },
  });
});

test.afterAll(async () => {
  for (const p of created.reverse()) await kubeDelete(p);
  // Claims first released their volumes; the Retain PV and the class go last.
  for (let i = 0; i < 40; i++) {
    const pvcs = await Promise.all(
      created.filter((p) => p.includes("/persistentvolumeclaims/")).map((p) => kube("GET", p)),
    );
    if (pvcs.every((r) => r.status === 404)) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  await kubeDelete(`/api/v1/persistentvolumes/${MANUAL_PV}`);
  await kubeDelete(`/apis/storage.k8s.io/v1/storageclasses/${SSD}`);
});

const track = (kind: "pvc" | "deploy" | "secret", name: string) => {
  const path = {
    pvc: `/api/v1/namespaces/${NS}/persistentvolumeclaims/${name}`,
    deploy: `/apis/apps/v1/namespaces/${NS}/deployments/${name}`,
    secret: `/api/v1/namespaces/${NS}/secrets/${name}`,
  }[kind];
  created.push(path);
};

test("manual flow: Bob's 3Gi claim binds John's 10Gi manual PV and a MySQL workload mounts it", async ({
  page,
}) => {
  const claim = `e2e-mysql-data-${s}`;
  const app = `e2e-mysql-${s}`;
  const req = new RequestVolumePage(page);
  await req.goto();
  await req.fill({ name: claim, size: "3Gi" });
  await req.fromVolume(MANUAL_PV);
  await expect(req.yaml()).toContainText(`volumeName: ${MANUAL_PV}`);
  await expect(req.yaml()).toContainText("storageClassName: manual");
  track("pvc", claim);
  await req.submit();
  await expect(page).toHaveURL(new RegExp(`/claims/${NS}/${claim}$`), { timeout: 45_000 });

  const flow = new FlowPage(page);
  await flow.expectAllDone(["pv-available", "claim-created", "bound"]);
  await expect(flow.step("bound")).toContainText(MANUAL_PV);
  await flow.expectStatus("pod-scheduled", "current");
  await expect(page.getByTestId("diagram-pv")).toHaveAttribute("data-state", "done");

  await page.getByRole("link", { name: "Run a workload with it" }).click();
  const wl = new RequestWorkloadPage(page);
  await wl.template("MySQL");
  await wl.fill({ "Workload name": app, "MySQL root password": "e2e-root-pass" });
  await wl.attach(claim);
  track("deploy", app);
  track("secret", `${app}-root`);
  await wl.submit();
  await expect(page).toHaveURL(new RegExp(`/workloads/${NS}/deployment/${app}$`), {
    timeout: 45_000,
  });
  await flow.expectAllDone([
    "workload-created",
    "pod-created",
    "claims-bound",
    "pod-scheduled",
    "volume-mounted",
    "container-running",
  ]);

  // The claim's own flow, complete and in order.
  await page.goto(`/claims/${NS}/${claim}`);
  const steps = [
    "pv-available",
    "claim-created",
    "bound",
    "pod-scheduled",
    "volume-mounted",
    "container-running",
  ];
  await flow.expectAllDone(steps);
  await flow.expectOrder(steps);
  await expect(page.getByRole("list", { name: "Workloads using this claim" })).toContainText(app);

  // The Deployment is the docs' MySQL: password from the Secret, Recreate strategy.
  const dep = await kube<{
    spec: {
      strategy: { type: string };
      template: {
        spec: {
          containers: {
            image: string;
            env: { valueFrom?: { secretKeyRef?: { name: string } } }[];
          }[];
        };
      };
    };
  }>("GET", `/apis/apps/v1/namespaces/${NS}/deployments/${app}`);
  expect(dep.body.spec.strategy.type).toBe("Recreate");
  expect(dep.body.spec.template.spec.containers[0]?.image).toBe("mysql:8");
  expect(dep.body.spec.template.spec.containers[0]?.env[0]?.valueFrom?.secretKeyRef?.name).toBe(
    `${app}-root`,
  );
});

test("dynamic flow: Bob's 20Gi claim of an ssd-like class is provisioned, bound and mounted", async ({
  page,
}) => {
  const claim = `e2e-fast-${s}`;
  const app = `e2e-app-${s}`;
  const req = new RequestVolumePage(page);
  await req.goto();
  await expect(req.classCard(SSD)).toContainText("Fast local disk for e2e tests");
  await expect(req.classCard(SSD)).toContainText("Your data is deleted when you delete the claim.");
  await expect(req.classCard(SSD)).toContainText("WaitForFirstConsumer");
  await expect(req.classCard(SSD)).toContainText("Can grow later.");
  await req.fill({ name: claim, size: "20Gi" });
  await req.fromClass(SSD);
  await expect(page.getByTestId("budget")).toContainText("Storage left");
  track("pvc", claim);
  await req.submit();
  await expect(page).toHaveURL(new RegExp(`/claims/${NS}/${claim}$`), { timeout: 45_000 });

  const flow = new FlowPage(page);
  await flow.expectStatus("claim-created", "done");
  await flow.expectStatus("waiting-for-consumer", "current");
  await expect(flow.current()).toContainText("WaitForFirstConsumer");

  await page.goto(`/request/workload?namespace=${NS}&claim=${claim}`);
  const wl = new RequestWorkloadPage(page);
  await wl.template("Single container");
  await wl.fill({ "Workload name": app });
  await wl.attach(claim);
  track("deploy", app);
  await wl.submit();
  await expect(page).toHaveURL(new RegExp(`/workloads/${NS}/deployment/${app}$`), {
    timeout: 45_000,
  });

  await page.goto(`/claims/${NS}/${claim}`);
  const steps = [
    "claim-created",
    "waiting-for-consumer",
    "provisioning-requested",
    "pv-created",
    "bound",
    "pod-scheduled",
    "volume-mounted",
    "container-running",
  ];
  await flow.expectAllDone(steps);
  await flow.expectOrder([...steps.slice(0, 6), "volume-attached", ...steps.slice(6)]);
  await flow.expectStatus("volume-attached", "skipped");
  await expect(flow.step("volume-attached")).toContainText("not needed");
  await expect(flow.step("pv-created")).toContainText("/tmp/hostpath_pv/");
  await expect(page.getByTestId("diagram-storageclass")).toHaveAttribute("data-state", "done");

  await page.goto("/workloads");
  await expect(page.getByTestId(`workload-row-${NS}-${app}`)).toContainText(claim);
});

test("stalled: a claim naming a missing class says why; an oversized request is refused before sending", async ({
  page,
}) => {
  const ghost = `e2e-ghost-${s}`;
  track("pvc", ghost);
  await kubeCreate(`/api/v1/namespaces/${NS}/persistentvolumeclaims`, {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: ghost, namespace: NS },
    spec: {
      accessModes: ["ReadWriteOnce"],
      storageClassName: `missing-class-${s}`,
      resources: { requests: { storage: "1Gi" } },
    },
  });
  await page.goto(`/claims/${NS}/${ghost}`);
  const flow = new FlowPage(page);
  await expect(flow.current()).toContainText(`"missing-class-${s}" does not exist`);
  await expect(flow.current()).toContainText("What to do");

  const req = new RequestVolumePage(page);
  await req.goto();
  const big = `e2e-too-big-${s}`;
  await req.fill({ name: big, size: "60Gi" });
  await expect(req.fieldError("size")).toContainText("largest claim allowed in team-a is 50Gi");
  let posted = false;
  page.on("request", (r) => {
    if (r.method() === "POST" && r.url().includes("/request")) posted = true;
  });
  await req.submit();
  await expect(req.fieldError("size")).toBeVisible();
  await expect(page).toHaveURL(/\/request$/);
  expect(posted).toBe(false);
  expect((await kube("GET", `/api/v1/namespaces/${NS}/persistentvolumeclaims/${big}`)).status).toBe(
    404,
  );
});
