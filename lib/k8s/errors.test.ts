import { describe, expect, it } from "vitest";
import { fromStatus, safeMessage, K8sError } from "./errors";

describe("fromStatus", () => {
  it("maps 422 causes to field errors and keeps the apiserver's validation message", () => {
    const e = fromStatus(422, {
      reason: "Invalid",
      message: 'StorageClass.storage.k8s.io "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain',
      details: { causes: [{ field: "metadata.name", message: 'Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain' }] },
    });
    expect(e.kind).toBe("invalid");
    expect(e.fieldErrors["metadata.name"]).toContain("RFC 1123");
    expect(e.message.startsWith("metadata.name")).toBe(true);
  });

  it("hides RBAC details behind a fixed sentence for 403", () => {
    const e = fromStatus(403, { message: 'storageclasses.storage.k8s.io is forbidden: User "bob" cannot create resource "storageclasses"' });
    expect(e.kind).toBe("forbidden");
    expect(e.message).toBe("You are not allowed to do this in the cluster.");
  });

  it("keeps quota admission messages, which are about the request", () => {
    const e = fromStatus(403, { message: 'persistentvolumeclaims "x" is forbidden: exceeded quota: storage, requested: requests.storage=200Gi, used: requests.storage=0, limited: requests.storage=100Gi' });
    expect(e.message).toContain("exceeded quota");
  });

  it("tells conflicts from already-exists", () => {
    expect(fromStatus(409, { reason: "AlreadyExists" }).kind).toBe("already-exists");
    expect(fromStatus(409, { reason: "Conflict" }).kind).toBe("conflict");
    expect(fromStatus(404, undefined).kind).toBe("not-found");
    expect(fromStatus(401, undefined).kind).toBe("unauthorized");
  });

  it("never passes raw exception text through safeMessage", () => {
    expect(safeMessage(new Error("ECONNREFUSED 127.0.0.1:6443 at Socket.internal"))).not.toContain("ECONNREFUSED");
    expect(safeMessage(new K8sError("not-found", 404, "gone"))).toBe("gone");
  });
});
