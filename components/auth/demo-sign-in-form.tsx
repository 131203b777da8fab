"use client";

import { useState } from "react";
import { signIn } from "next-auth/react";
import { Button } from "@/components/ui/button";

interface Props {
  users: { username: string; label: string; description: string }[];
  callbackUrl: string;
}

/** Local demo sign-in: pick John, Bob or Alice. Only rendered when demo users are enabled. */
export function DemoSignInForm({ users, callbackUrl }: Props) {
  const [username, setUsername] = useState(users[0]?.username ?? "");
  const [password, setPassword] = useState("");
  const [pending, setPending] = useState(false);
  return (
    <form
      className="space-y-4 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200"
      onSubmit={async (e) => {
        e.preventDefault();
        setPending(true);
        await signIn("demo", { username, password, callbackUrl });
        setPending(false);
      }}
    >
      <fieldset>
        <legend className="text-sm font-medium">Demo user (local cluster)</legend>
        <div className="mt-2 space-y-2">
          {users.map((u) => (
            <label key={u.username} className="flex cursor-pointer items-start gap-3 rounded-md p-2 ring-1 ring-slate-200 has-[:checked]:ring-indigo-500">
              <input type="radio" name="username" value={u.username} checked={username === u.username} onChange={() => setUsername(u.username)} className="mt-1" />
              <span>
                <span className="block text-sm font-medium">{u.label}</span>
                <span className="block text-xs text-slate-500">{u.description}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <label className="block text-sm">
        <span className="font-medium">Password</span>
        <input
          type="password"
          name="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
          className="mt-1 block w-full rounded-md border-slate-300 px-3 py-1.5 ring-1 ring-slate-300"
        />
      </label>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
