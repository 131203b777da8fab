// A real OpenID Connect provider (the certified oidc-provider package) on loopback, for the
// sign-in e2e tests. "carol" is a developer in team-b; the others exist to show what the
// portal refuses (reserved names, padded or control-character names) and that group changes
// at the IdP reach a signed-in session. POST /test/groups?account=dave&groups=a,b changes an
// account's groups (loopback test server only).
import Provider from "oidc-provider";

const port = Number(process.argv[2] ?? 3200);
const portal = process.argv[3] ?? "http://localhost:3101";
const issuer = `http://localhost:${port}`;

const accounts = {
  carol: { sub: "carol", preferred_username: "carol", email: "carol@example.test", groups: ["bindery:developers", "bindery:team-b"] },
  mallory: { sub: "mallory", preferred_username: "mallory", groups: ["system:masters"] },
  // oidc-provider always makes the login the `sub`; the e2e portal reads preferred_username,
  // which an IdP fills from whatever its users may edit.
  sysadmin: { sub: "sysadmin", preferred_username: "system:admin", groups: [] },
  trent: { sub: "trent", preferred_username: "trent ", groups: ["bindery:developers", "bindery:team-a"] },
  bell: { sub: "bell", preferred_username: "bell\u0007", groups: ["bindery:developers", "bindery:team-a"] },
  dave: { sub: "dave", preferred_username: "dave", groups: ["bindery:developers", "bindery:team-a"] },
  erin: { sub: "erin", preferred_username: "erin", groups: ["bindery:developers", "bindery:team-a"] },
};

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: "bindery",
      client_secret: "bindery-e2e-secret",
      redirect_uris: [`${portal}/api/auth/callback/oidc`],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  claims: { openid: ["sub"], profile: ["preferred_username"], email: ["email"], groups: ["groups"] },
  scopes: ["openid", "profile", "email", "groups"],
  conformIdTokenClaims: false, // put profile and groups claims into the ID token, as many IdPs do
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => false },
  // Refresh tokens for every sign-in (many IdPs need offline_access; this one is for tests), and
  // erin's access tokens expire at once, so her group re-checks go through the refresh grant
  // while dave's use userinfo with a still-valid access token.
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed("refresh_token"),
  ttl: { AccessToken: (_ctx, token) => (token.accountId === "erin" ? 5 : 3600) },
  async findAccount(_ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    return { accountId: id, async claims() { return account; } };
  },
});
provider.use(async (ctx, next) => {
  if (ctx.method === "POST" && ctx.path === "/test/groups") {
    const account = accounts[String(ctx.query.account)];
    if (!account) ctx.throw(404, "no such account");
    account.groups = String(ctx.query.groups ?? "").split(",").filter(Boolean);
    ctx.body = { groups: account.groups };
    return;
  }
  await next();
});
provider.proxy = true;
provider.listen(port, "127.0.0.1", () => console.log(`oidc-provider listening on ${issuer}`));
