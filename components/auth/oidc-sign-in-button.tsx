"use client";

import { signIn } from "next-auth/react";
import { Button } from "@/components/ui/button";

export function OidcSignInButton({ callbackUrl }: { callbackUrl: string }) {
  return (
    <Button type="button" className="w-full" onClick={() => signIn("oidc", { callbackUrl })}>
      Sign in with single sign-on
    </Button>
  );
}
