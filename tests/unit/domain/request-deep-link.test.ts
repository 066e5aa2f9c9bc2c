import { isDomainError } from '../../../src/domain/domain-error';
import { TOPIC_TEXT_MAX, personalTabDeepLink, requestActivityTopic, requestIdFromSubPage, requestSubPage } from '../../../src/domain/request-deep-link';

const APP_ID = '0f6b1b0e-7d3c-4a8e-9b1f-2c3d4e5f6a7b';

describe('request deep links', () => {
  it.each([
    ['abc', 'request:abc'],
    ['R_1-2', 'request:R_1-2'],
    ['x'.repeat(64), `request:${'x'.repeat(64)}`],
  ])('the sub-page of request %s is %s, and reads back', (id, subPage) => {
    expect(requestSubPage(id)).toBe(subPage);
    expect(requestIdFromSubPage(subPage)).toBe(id);
  });

  it.each([[''], ['a b'], ['x'.repeat(65)], ['a/b']])('refuses the request id %j (the tab could not read it back)', (id) => {
    let thrown: unknown;
    try {
      requestSubPage(id);
    } catch (err) {
      thrown = err;
    }
    expect(isDomainError(thrown, 'validation_failed')).toBe(true);
  });

  it.each([[null], [undefined], ['request:'], ['queue:abc'], ['request:a b']])('reads no request from the sub-page %j', (subPage) => {
    expect(requestIdFromSubPage(subPage)).toBeNull();
  });

  it("builds Teams' tab deep link with the sub-entity in its context", () => {
    // context = encodeURIComponent('{"subEntityId":"request:abc"}')
    expect(personalTabDeepLink(APP_ID, 'request:abc')).toBe(
      `https://teams.microsoft.com/l/entity/${APP_ID}/myQueue?context=%7B%22subEntityId%22%3A%22request%3Aabc%22%7D`,
    );
  });

  it('gives an activity topic whose link opens the tab on the request', () => {
    const topic = requestActivityTopic(APP_ID, 'req-42', '  Quarterly figures ');
    expect(topic).toMatchObject({ source: 'text', value: 'Quarterly figures' });
    const context = new URL(topic.webUrl).searchParams.get('context') ?? '';
    expect(JSON.parse(context)).toEqual({ subEntityId: 'request:req-42' });
  });

  it('cuts a long label to 60 characters with an ellipsis, and names an empty one "Request"', () => {
    const label = 'a'.repeat(61);
    // 61 > 60: keep 59 characters and add '…' → 60 characters.
    expect(requestActivityTopic(APP_ID, 'r', label).value).toBe(`${'a'.repeat(59)}…`);
    expect(requestActivityTopic(APP_ID, 'r', label).value).toHaveLength(TOPIC_TEXT_MAX);
    expect(requestActivityTopic(APP_ID, 'r', 'a'.repeat(60)).value).toBe('a'.repeat(60));
    expect(requestActivityTopic(APP_ID, 'r', '   ').value).toBe('Request');
  });
});
