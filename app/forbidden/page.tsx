import Link from "next/link";

export const metadata = { title: "Not allowed" };

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-lg px-4 py-24 text-center">
      <p className="text-sm font-semibold text-rose-600">403</p>
      <h1 className="mt-2 text-2xl font-semibold">This page is not for your role</h1>
      <p className="mt-2 text-slate-600">The cluster does not give your account the rights this page needs.</p>
      <Link href="/" className="mt-6 inline-block text-indigo-600 hover:underline">
        Go to your start page
      </Link>
    </main>
  );
}
