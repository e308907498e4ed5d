import { useEffect, useState, type FormEvent } from 'react';
import { del, errorMessage, get, itemsOf, post } from '../api';
import { ErrorNote, Loading } from '../components/common';
import { useDocumentTitle } from '../hooks';

interface WatchedWord {
  id: number;
  word?: string;
  pattern?: string;
  action?: string;
}

const WORD_ACTIONS = ['flag', 'require-approval', 'block', 'censor'] as const;

export function WatchedWordsPage() {
  useDocumentTitle('Watched words');
  const [words, setWords] = useState<WatchedWord[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [word, setWord] = useState('');
  const [action, setAction] = useState<string>('flag');

  const load = async () => {
    try {
      setWords(itemsOf(await get<WatchedWord[] | { items: WatchedWord[] }>('/api/admin/watched-words')));
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  useEffect(() => {
    void load();
  }, []);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (!word.trim()) return;
    setError(null);
    try {
      await post('/api/admin/watched-words', { word: word.trim(), action });
      setWord('');
      await load();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const remove = async (item: WatchedWord) => {
    setError(null);
    try {
      await del(`/api/admin/watched-words/${item.id}`);
      setWords((list) => list?.filter((w) => w.id !== item.id) ?? list);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <>
      <h1>Watched words</h1>
      <form className="card form inline-form" onSubmit={(e) => void add(e)}>
        <div className="field">
          <label htmlFor="ww-word" className="field-label">
            Word or phrase
          </label>
          <input id="ww-word" value={word} onChange={(e) => setWord(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor="ww-action" className="field-label">
            Action
          </label>
          <select id="ww-action" value={action} onChange={(e) => setAction(e.target.value)}>
            {WORD_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn btn-primary">
          Add
        </button>
      </form>
      <ErrorNote message={error} />
      {words === null && !error ? (
        <Loading />
      ) : words && words.length === 0 ? (
        <p className="muted">No watched words.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Watched words</caption>
            <thead>
              <tr>
                <th scope="col">Word</th>
                <th scope="col">Action</th>
                <th scope="col">
                  <span className="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {words?.map((w) => (
                <tr key={w.id}>
                  <td>{w.word ?? w.pattern}</td>
                  <td>{w.action}</td>
                  <td>
                    <button type="button" className="btn btn-small" onClick={() => void remove(w)}>
                      Remove<span className="visually-hidden"> {w.word ?? w.pattern}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
