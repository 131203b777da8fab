import { redirect } from "next/navigation";
import { getIdentity } from "@/lib/auth/session";
import { DEMO_USERS, demoUsersEnabled } from "@/lib/auth/demo-users";
import { oidcSettings } from "@/lib/auth/oidc";
import { REFUSAL_MESSAGES, isRefusalReason } from "@/lib/auth/names";
import { DemoSignInForm } from "@/components/auth/demo-sign-in-form";
import { OidcSignInButton } from "@/components/auth/oidc-sign-in-button";

export const metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string; reason?: string; callbackUrl?: string }> }) {
  if (await getIdentity()) redirect("/");
  const { error, reason, callbackUrl } = await searchParams;
  const demo = demoUsersEnabled();
  const oidc = Boolean(oidcSettings());
  return (
    <main className="mx-auto max-w-md px-4 py-16">
      <h1 className="text-3xl font-semibold tracking-tight">Bindery</h1>
      <p className="mt-2 text-slate-600">Persistent storage for your apps, without a ticket.</p>
      {error ? (
        <p role="alert" data-testid="signin-error" className="mt-6 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800 ring-1 ring-rose-200">
          {signInError(error, reason)}
        </p>
      ) : null}
      <div className="mt-8 space-y-6">
        {oidc ? <OidcSignInButton callbackUrl={callbackUrl ?? "/"} /> : null}
        {demo ? (
          <DemoSignInForm users={DEMO_USERS.map((u) => ({ username: u.username, label: u.displayName, description: u.description }))} callbackUrl={callbackUrl ?? "/"} />
        ) : null}
        {!oidc && !demo ? (
          <p className="text-sm text-slate-600">No sign-in method is configured. Set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET.</p>
        ) : null}
      </div>
    </main>
  );
}

/** Fixed sentences only: nothing from the URL is echoed back to the page. */
function signInError(error: string, reason: string | undefined): string {
  if (error === "CredentialsSignin") return "Unknown user or wrong password.";
  if (error === "SessionEnded") {
    return "Your session has ended: sessions last a fixed time from sign-in and end when your identity provider no longer confirms your account. Sign in again.";
  }
  if (error === "IdentityRefused" && isRefusalReason(reason)) {
    return `You were not signed in. ${REFUSAL_MESSAGES[reason]} Ask the people who run your identity provider to fix your account; nothing was sent to the cluster.`;
  }
  return "Sign-in failed. Try again.";
}
