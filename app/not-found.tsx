import Link from "next/link";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-lg px-4 py-24 text-center">
      <p className="text-sm font-semibold text-slate-500">404</p>
      <h1 className="mt-2 text-2xl font-semibold">Nothing here</h1>
      <p className="mt-2 text-slate-600">It does not exist, or your account may not see it.</p>
      <Link href="/" className="mt-6 inline-block text-indigo-600 hover:underline">
        Go to your start page
      </Link>
    </div>
  );
}
