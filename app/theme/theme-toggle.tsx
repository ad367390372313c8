'use client';
import { useEffect, useState } from 'react';
import { applyThemeChoice, THEME_CHOICES, THEME_STORAGE_KEY, type ThemeChoice } from './theme.ts';

/** The header's theme choice: System (follows prefers-color-scheme), Light or Dark; remembered in this browser. */
export function ThemeToggle() {
  const [choice, setChoice] = useState<ThemeChoice>('system');
  useEffect(() => {
    const stored = readStored();
    if (stored) setChoice(stored);
  }, []);
  return (
    <label className="theme-choice">
      Theme
      <select
        value={choice}
        data-testid="theme-choice"
        onChange={(e) => {
          const next = e.target.value as ThemeChoice;
          setChoice(next);
          applyThemeChoice(next);
        }}
      >
        {THEME_CHOICES.map((c) => (
          <option key={c} value={c}>
            {c[0].toUpperCase() + c.slice(1)}
          </option>
        ))}
      </select>
    </label>
  );
}

function readStored(): ThemeChoice | null {
  try {
    const stored = localStorage.getItem(THEME_STORAGE_KEY);
    return (THEME_CHOICES as readonly string[]).includes(stored ?? '') ? (stored as ThemeChoice) : null;
  } catch {
    return null;
  }
}
