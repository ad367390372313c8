import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import './globals.css';
import { ThemeScript } from './theme/theme-script.tsx';
import { ThemeToggle } from './theme/theme-toggle.tsx';

export const metadata: Metadata = { title: 'Tuneboard', description: 'Hyperparameter tuning and experiment tracking for TensorFlow.js' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The theme script sets data-theme on <html> before React hydrates it.
    <html lang="en" suppressHydrationWarning>
      <head>
        <ThemeScript />
      </head>
      <body>
        <header className="top">
          <Link href="/">Tuneboard</Link>
          <Link href="/">Studies</Link>
          <Link href="/studies/new" data-testid="new-study-link">
            New study
          </Link>
          <Link href="/worker" title="Train trials of built-in studies on this browser's GPU">
            Lend this GPU
          </Link>
          <ThemeToggle />
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
