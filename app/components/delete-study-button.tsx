'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';

export function DeleteStudyButton({ id, name }: { id: number; name: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    if (!window.confirm(`Delete study ${id} "${name}" with all its trials and curves? This cannot be undone.`)) return;
    setBusy(true);
    const response = await fetch(`/api/studies/${id}`, { method: 'DELETE' });
    setBusy(false);
    if (!response.ok) window.alert(`Could not delete: ${(await response.json()).error}`);
    router.refresh();
  };
  return (
    <button className="danger" onClick={remove} disabled={busy}>
      Delete
    </button>
  );
}
