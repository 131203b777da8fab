import { describe, expect, it } from "vitest";
import { statefulSetClaimNames, workloadManifests, workloadRequestSchema } from "./workload";

const mysql = {
  template: "mysql",
  namespace: "team-a",
  name: "db",
  image: "mysql:8",
  mountPath: "/var/lib/mysql",
  rootPassword: "s3cret-pass",
  claimMode: "existing",
  claimName: "mysql-data",
};

describe("workloadRequestSchema", () => {
  it("accepts the MySQL template on an existing claim", () => {
    expect(workloadRequestSchema.safeParse(mysql).success).toBe(true);
  });
  it("wants a real root password and a claim", () => {
    const r = workloadRequestSchema.safeParse({ ...mysql, rootPassword: "x", claimName: "" });
    const paths = r.error?.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["rootPassword", "claimName"]));
  });
  it("needs size and class for a new claim or a StatefulSet", () => {
    const r = workloadRequestSchema.safeParse({ ...mysql, claimMode: "new" });
    expect(r.error?.issues.map((i) => i.path.join("."))).toEqual(
      expect.arrayContaining(["size", "storageClass"]),
    );
    const s = workloadRequestSchema.safeParse({
      template: "statefulset",
      namespace: "team-a",
      name: "web",
      image: "nginx",
      mountPath: "/d",
      size: "1Gi",
      storageClass: "ssd",
      replicas: "2",
    });
    expect(s.success).toBe(true);
  });
  it("rejects relative mount paths", () => {
    expect(workloadRequestSchema.safeParse({ ...mysql, mountPath: "data" }).success).toBe(false);
  });
});

describe("workloadManifests", () => {
  it("builds MySQL like the Kubernetes docs: Secret, Recreate, password from secretKeyRef", () => {
    const w = workloadRequestSchema.parse({
      ...mysql,
      claimMode: "new",
      size: "3Gi",
      storageClass: "ssd",
    });
    const objs = workloadManifests(w);
    expect(objs.map((o) => o.kind)).toEqual(["PersistentVolumeClaim", "Secret", "Deployment"]);
    const dep = JSON.stringify(objs[2]?.body);
    expect(dep).toContain('"strategy":{"type":"Recreate"}');
    expect(dep).toContain('"secretKeyRef":{"name":"db-root","key":"password"}');
    expect(dep).toContain('"mountPath":"/var/lib/mysql"');
    expect(dep).toContain('"claimName":"mysql-data"');
    expect(dep).not.toContain("s3cret-pass");
    expect(JSON.stringify(objs[1]?.body)).toContain("s3cret-pass");
  });
  it("gives a StatefulSet volumeClaimTemplates and predicts the claim names", () => {
    const w = workloadRequestSchema.parse({
      template: "statefulset",
      namespace: "team-a",
      name: "web",
      image: "nginx",
      mountPath: "/d",
      claimName: "www",
      size: "1Gi",
      storageClass: "ssd",
      replicas: 2,
    });
    const [sts] = workloadManifests(w);
    expect(sts?.kind).toBe("StatefulSet");
    expect(JSON.stringify(sts?.body)).toContain(
      '"volumeClaimTemplates":[{"metadata":{"name":"www"',
    );
    expect(statefulSetClaimNames("www", "web", 2)).toEqual(["www-web-0", "www-web-1"]);
  });
});
