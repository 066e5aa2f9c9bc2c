/**
 * The note field (issue 15, item 6): a counter ("123 / 1,000") under the note, a Field validation message once it is
 * over the limit, the Track button waiting until it fits — and never a silent cut of what was typed or pasted.
 */
import { fireEvent, render, screen } from '@testing-library/react';
import { FluentProvider, teamsLightTheme } from '@fluentui/react-components';
import type { TrackRequestBody } from '../../../src/contracts/api';
import { NOTE_MAX_CHARACTERS } from '../../../src/domain/request-note';
import { TrackRequestForm } from '../../../src/ui/shared/track-request-form';

function renderForm() {
  const tracked: Omit<TrackRequestBody, 'source' | 'messageId'>[] = [];
  render(
    <FluentProvider theme={teamsLightTheme}>
      <TrackRequestForm external={false} busy={false} categories={{ team: { id: 'g-it', displayName: 'IT Service Desk' }, categories: ['Access'] }} onTrack={(c) => { tracked.push(c); }} />
    </FluentProvider>,
  );
  const note = screen.getByRole('textbox', { name: /Note/ }) as HTMLTextAreaElement;
  const trackButton = screen.getByRole('button', { name: 'Track request' }) as HTMLButtonElement;
  return { tracked, note, trackButton };
}

describe('the note in the Outlook task pane', () => {
  it('counts as you type and sends the note whole when it fits', () => {
    const { tracked, note, trackButton } = renderForm();
    expect(screen.getByTestId('note-counter').textContent).toBe(`0 / ${NOTE_MAX_CHARACTERS.toLocaleString('en-US')}`);
    fireEvent.change(note, { target: { value: 'y'.repeat(123) } });
    expect(screen.getByTestId('note-counter').textContent).toBe('123 / 1,000');
    fireEvent.change(note, { target: { value: 'z'.repeat(NOTE_MAX_CHARACTERS) } });
    expect(trackButton.disabled).toBe(false);
    fireEvent.click(trackButton);
    expect(tracked).toHaveLength(1);
    expect(tracked[0]?.note).toHaveLength(NOTE_MAX_CHARACTERS);
  });

  it('keeps a 5,000-character paste whole, says by how much it is over, and does not track until it fits', () => {
    const { tracked, note, trackButton } = renderForm();
    fireEvent.change(note, { target: { value: 'x'.repeat(5_000) } });
    expect(note.value).toHaveLength(5_000);
    expect(screen.getByTestId('note-counter').textContent).toBe('5,000 / 1,000');
    expect(screen.getByText('The note is 4,000 characters too long: a note holds at most 1,000 characters. Shorten it to save.')).toBeTruthy();
    expect(note.getAttribute('aria-invalid')).toBe('true');
    expect(trackButton.disabled).toBe(true);
    fireEvent.submit(trackButton.closest('form') as HTMLFormElement);
    expect(tracked).toHaveLength(0);
  });
});
