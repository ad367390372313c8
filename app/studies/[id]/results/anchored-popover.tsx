'use client';
import { useId, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import styles from './results.module.css';

/**
 * A button that opens a panel below it. The panel is a native popover: it lives in the top layer, so the
 * scrolling table does not clip it, and the browser closes it on Escape or a click elsewhere.
 */
export function AnchoredPopover({
  label,
  buttonClassName,
  buttonTitle,
  testId,
  align = 'left',
  children,
}: {
  label: ReactNode;
  buttonClassName?: string;
  buttonTitle?: string;
  testId?: string;
  align?: 'left' | 'right';
  children: ReactNode;
}) {
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const [place, setPlace] = useState<CSSProperties>({});
  const [open, setOpen] = useState(false);
  // Placed on click, before the browser shows it: the button's spot decides where the panel goes.
  const placeBelowButton = () => {
    const r = button.current!.getBoundingClientRect();
    setPlace(align === 'right' ? { top: r.bottom + 4, right: window.innerWidth - r.right } : { top: r.bottom + 4, left: r.left });
  };
  return (
    <>
      <button
        ref={button}
        type="button"
        className={buttonClassName}
        title={buttonTitle}
        data-testid={testId}
        popoverTarget={id}
        onClick={placeBelowButton}
      >
        {label}
      </button>
      <div id={id} popover="auto" className={styles.popover} style={place} onToggle={(e) => setOpen(e.newState === 'open')}>
        {open && children}
      </div>
    </>
  );
}
