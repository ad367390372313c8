import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = { title: 'Tuneboard', description: 'Hyperparameter tuning and experiment tracking for TensorFlow.js' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="top">
          <Link href="/">Tuneboard</Link>
          <Link href="/">Studies</Link>
          <Link href="/studies/new" data-testid="new-study-link">
            New study
          </Link>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
