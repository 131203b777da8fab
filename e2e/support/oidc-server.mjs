// A real OpenID Connect provider (the certified oidc-provider package) on loopback, for the
// sign-in e2e test. One account, "carol", in groups bindery:developers and bindery:team-b.
import Provider from "oidc-provider";

const port = Number(process.argv[2] ?? 3200);
const portal = process.argv[3] ?? "http://localhost:3101";
const issuer = `http://localhost:${port}`;

const accounts = {
  carol: { sub: "carol", preferred_username: "carol", email: "carol@example.test", groups: ["bindery:developers", "bindery:team-b"] },
};

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: "bindery",
      client_secret: "bindery-e2e-secret",
      redirect_uris: [`${portal}/api/auth/callback/oidc`],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  claims: { openid: ["sub"], profile: ["preferred_username"], email: ["email"], groups: ["groups"] },
  scopes: ["openid", "profile", "email", "groups"],
  conformIdTokenClaims: false, // put profile and groups claims into the ID token, as many IdPs do
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => false },
  async findAccount(_ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    return { accountId: id, async claims() { return account; } };
  },
});
provider.proxy = true;
provider.listen(port, "127.0.0.1", () => console.log(`oidc-provider listening on ${issuer}`));
