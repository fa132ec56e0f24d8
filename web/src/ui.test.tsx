import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { ApiError } from './api';
import { ErrorNote } from './ui';

describe('ErrorNote', () => {
  it('says what went wrong in words, lists each problem at its place, and gives the request id', () => {
    const error = new ApiError(422, 'validation_failed', 'the customization was not saved: 1 problem', 'abc123', {
      problems: [{ pointer: '/pages/~1/content/0/props/layout', message: 'must be one of "split", "centered"' }],
    });
    render(<ErrorNote error={error} />);
    expect(screen.getByRole('alert').textContent).toContain('the customization was not saved');
    expect(screen.getByText('/pages/~1/content/0/props/layout')).toBeTruthy();
    expect(screen.getByText('Request id: abc123')).toBeTruthy();
  });
});
