/**
 * @module widget/icons
 * Small line icons (SVG) for the box's buttons: they show without an emoji font.
 */
const ICONS = {
  bell: 'M6 16V10a6 6 0 0 1 12 0v6l2 2H4zM10 21h4',
  refresh: 'M20 12a8 8 0 1 1-2.3-5.7M20 4v5h-5',
  smile: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM8 14s1.5 2 4 2 4-2 4-2M9 9.5h.01M15 9.5h.01',
  pin: 'M9 4h6l-1 6 4 3H6l4-3zM12 13v8',
  pen: 'M4 20h4L19 9l-4-4L4 16zM13 7l4 4',
} as const;
export function Icon({ name }: { name: keyof typeof ICONS }) {
  return (
    // Size and stroke in widget.css (.i): every byte here is in the first view.
    <svg class="i" viewBox="0 0 24 24" aria-hidden="true">
      <path d={ICONS[name]} />
    </svg>
  );
}

/** The same, as markup made once at load, for string-built parts (message-item.ts). */
export const ICON_HTML = Object.fromEntries(Object.keys(ICONS).map((name) => [name, String(<Icon name={name as keyof typeof ICONS} />)])) as Record<keyof typeof ICONS, string>;
