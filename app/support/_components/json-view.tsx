// Allow-listed request/response fields and audit before/after, shown as they were stored.
export function JsonView({ value, label, open }: { value: unknown; label: string; open?: boolean }) {
  if (value === null || value === undefined) return null;
  return (
    <details className="mt-1" open={open}>
      <summary className="cursor-pointer text-xs text-slate-700">{label}</summary>
      <pre className="mt-1 max-h-64 overflow-auto rounded bg-slate-100 p-2 text-xs">
        {JSON.stringify(value, null, 2)}
      </pre>
    </details>
  );
}
