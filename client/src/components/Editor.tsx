import { useEffect, useId, useImperativeHandle, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { errorMessage, get, post } from '../api';
import { ErrorNote } from './common';

export interface EditorHandle {
  /** inserts text at the caret (or the end), on its own lines */
  insertBlock(text: string): void;
  focus(): void;
}

interface Props {
  label: string;
  value: string;
  onChange(value: string): void;
  onTyping?(): void;
  onSubmitShortcut?(): void;
  rows?: number;
  disabled?: boolean;
  required?: boolean;
  handle?: Ref<EditorHandle>;
  hideLabel?: boolean;
}

type Wrap = { name: string; label: string; key?: string; apply(selected: string): { text: string; caret: [number, number] } };

const wrapWith = (open: string, close: string) => (selected: string) => ({
  text: `${open}${selected}${close}`,
  caret: [open.length, open.length + selected.length] as [number, number],
});

const TOOLS: Wrap[] = [
  { name: 'B', label: 'Bold', key: 'b', apply: wrapWith('[B]', '[/B]') },
  { name: 'I', label: 'Italic', key: 'i', apply: wrapWith('[I]', '[/I]') },
  { name: 'U', label: 'Underline', key: 'u', apply: wrapWith('[U]', '[/U]') },
  { name: 'S', label: 'Strike-through', apply: wrapWith('[S]', '[/S]') },
  {
    name: 'Link',
    label: 'Insert link',
    key: 'k',
    apply: (selected) => {
      if (/^https?:\/\/\S+$/i.test(selected.trim())) return wrapWith('[URL]', '[/URL]')(selected.trim());
      const url = window.prompt('Link address (https://…)', 'https://') ?? '';
      if (!url || url === 'https://') return wrapWith('', '')(selected);
      return wrapWith(`[URL=${url}]`, '[/URL]')(selected || url);
    },
  },
  {
    name: 'Image',
    label: 'Insert image',
    apply: (selected) => {
      const url = /^https?:\/\/\S+$/i.test(selected.trim()) ? selected.trim() : (window.prompt('Image address (https://…)', 'https://') ?? '');
      if (!url || url === 'https://') return wrapWith('', '')(selected);
      const text = `[IMG]${url}[/IMG]`;
      return { text, caret: [text.length, text.length] };
    },
  },
  { name: 'Quote', label: 'Quote', apply: wrapWith('[QUOTE]', '[/QUOTE]') },
  {
    name: 'List',
    label: 'Bulleted list',
    apply: (selected) => {
      const lines = selected.split('\n').filter((line) => line.trim());
      const body = (lines.length ? lines : ['']).map((line) => `[*]${line}`).join('\n');
      const text = `[LIST]\n${body}\n[/LIST]`;
      return { text, caret: [text.length - 8, text.length - 8] };
    },
  },
  { name: 'Code', label: 'Code', apply: wrapWith('[CODE]', '[/CODE]') },
  { name: 'Spoiler', label: 'Spoiler', apply: wrapWith('[SPOILER]', '[/SPOILER]') },
];

/** The @mention being typed just before the caret, if any. */
function mentionAt(text: string, caret: number): { start: number; prefix: string } | null {
  const match = /(^|\s)@([\p{L}\p{N}_.-]{1,32})$/u.exec(text.slice(0, caret));
  if (!match) return null;
  return { start: caret - match[2]!.length - 1, prefix: match[2]! };
}

export function Editor({ label, value, onChange, onTyping, onSubmitShortcut, rows = 6, disabled, required, handle, hideLabel }: Props) {
  const id = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const [previewHtml, setPreviewHtml] = useState<string | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [mention, setMention] = useState<{ start: number; prefix: string } | null>(null);
  const [suggestions, setSuggestions] = useState<string[]>([]);
  const [active, setActive] = useState(0);

  const replaceRange = (start: number, end: number, text: string, caret: [number, number]) => {
    const next = value.slice(0, start) + text + value.slice(end);
    onChange(next);
    requestAnimationFrame(() => {
      const el = area.current;
      if (!el) return;
      el.focus();
      el.setSelectionRange(start + caret[0], start + caret[1]);
    });
  };

  useImperativeHandle(handle, () => ({
    insertBlock(text: string) {
      const el = area.current;
      const at = el && document.activeElement === el ? el.selectionEnd : value.length;
      const before = value.slice(0, at);
      const lead = before && !before.endsWith('\n\n') ? (before.endsWith('\n') ? '\n' : '\n\n') : '';
      const block = `${lead}${text.trim()}\n\n`;
      replaceRange(at, at, block, [block.length, block.length]);
    },
    focus() {
      area.current?.focus();
    },
  }));

  const applyTool = (tool: Wrap) => {
    const el = area.current;
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    const { text, caret } = tool.apply(value.slice(start, end));
    replaceRange(start, end, text, caret);
  };

  // mention suggestions, debounced
  useEffect(() => {
    if (!mention) {
      setSuggestions([]);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      get<{ items: { username: string }[] }>('/api/users', { prefix: mention.prefix }, controller.signal)
        .then((r) => {
          setSuggestions(r.items.map((u) => u.username).slice(0, 8));
          setActive(0);
        })
        .catch(() => setSuggestions([]));
    }, 150);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [mention?.prefix, mention?.start]); // eslint-disable-line react-hooks/exhaustive-deps

  const pickMention = (username: string) => {
    if (!mention) return;
    const token = /\s/.test(username) ? `@"${username}" ` : `@${username} `;
    const end = mention.start + 1 + mention.prefix.length;
    setMention(null);
    replaceRange(mention.start, end, token, [token.length, token.length]);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    const listOpen = mention && suggestions.length > 0;
    if (listOpen) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((i) => (i + step + suggestions.length) % suggestions.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        pickMention(suggestions[active]!);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setMention(null);
        return;
      }
    }
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
      event.preventDefault();
      onSubmitShortcut?.();
      return;
    }
    if (event.ctrlKey || event.metaKey) {
      const tool = TOOLS.find((t) => t.key === event.key.toLowerCase());
      if (tool) {
        event.preventDefault();
        applyTool(tool);
      }
    }
  };

  const togglePreview = async () => {
    if (previewing) {
      setPreviewing(false);
      requestAnimationFrame(() => area.current?.focus());
      return;
    }
    setPreviewing(true);
    setPreviewError(null);
    setPreviewHtml(null);
    try {
      const result = await post<{ html: string }>('/api/posts/preview', { body: value });
      setPreviewHtml(result.html);
    } catch (err) {
      setPreviewError(errorMessage(err));
    }
  };

  const listId = `${id}-mentions`;
  const listOpen = Boolean(mention && suggestions.length > 0 && !previewing);
  return (
    <div className="editor">
      <label htmlFor={`${id}-text`} className={hideLabel ? 'visually-hidden' : 'field-label'}>
        {label}
      </label>
      <div className="editor-bar">
        <div className="toolbar" role="toolbar" aria-label="Formatting" aria-controls={`${id}-text`}>
          {TOOLS.map((tool) => (
            <button
              key={tool.name}
              type="button"
              className={`tool tool-${tool.name.toLowerCase()}`}
              onClick={() => applyTool(tool)}
              aria-label={tool.label}
              title={tool.key ? `${tool.label} (Ctrl+${tool.key.toUpperCase()})` : tool.label}
              disabled={disabled || previewing}
            >
              <span aria-hidden="true">{tool.name}</span>
            </button>
          ))}
        </div>
        <button type="button" className="btn btn-small" aria-pressed={previewing} onClick={() => void togglePreview()} disabled={disabled}>
          {previewing ? 'Back to editing' : 'Preview'}
        </button>
      </div>
      <div className="editor-area">
        <textarea
          id={`${id}-text`}
          ref={area}
          rows={rows}
          value={value}
          required={required}
          disabled={disabled}
          hidden={previewing}
          aria-autocomplete="list"
          aria-controls={listOpen ? listId : undefined}
          aria-activedescendant={listOpen ? `${listId}-${active}` : undefined}
          onChange={(event) => {
            onChange(event.target.value);
            onTyping?.();
            setMention(mentionAt(event.target.value, event.target.selectionStart));
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(() => setMention(null), 150)}
          spellCheck
        />
        {listOpen && (
          <ul className="mention-list" id={listId} role="listbox" aria-label="Members">
            {suggestions.map((name, index) => (
              <li
                key={name}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === active}
                className={index === active ? 'active' : undefined}
                onMouseDown={(event) => {
                  event.preventDefault();
                  pickMention(name);
                }}
              >
                @{name}
              </li>
            ))}
          </ul>
        )}
        {previewing && (
          <section className="preview" aria-label="Preview" aria-live="polite">
            <ErrorNote message={previewError} />
            {previewHtml === null && !previewError ? (
              <p className="muted">Rendering preview…</p>
            ) : previewHtml !== null ? (
              previewHtml.trim() ? (
                <div className="post-body" dangerouslySetInnerHTML={{ __html: previewHtml }} />
              ) : (
                <p className="muted">Nothing to preview yet.</p>
              )
            ) : null}
          </section>
        )}
      </div>
    </div>
  );
}
