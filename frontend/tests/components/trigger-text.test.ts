import { describe, expect, it } from 'vitest';
import { describeCron, describeTrigger } from '../../src/components/trigger-text.js';

describe('describeCron', () => {
  it.each([
    ['* * * * *', 'every minute'],
    ['*/15 * * * *', 'every 15 minutes'],
    ['5 * * * *', 'hourly at :05'],
    ['0 2 * * *', 'daily at 02:00'],
    ['30 7 * * MON-FRI', 'every weekday at 07:30'],
    ['30 7 * * 1-5', 'every weekday at 07:30'],
    ['0 9 * * MON,WED,FRI', 'every Monday, Wednesday and Friday at 09:00'],
    ['0 9 * * SUN,SAT', 'every weekend day at 09:00'],
    ['0 9 * * 0', 'every Sunday at 09:00'],
    ['0 9 * * 1-7', 'every day at 09:00'],
    ['0 2 1 * *', 'cron 0 2 1 * *'],
    ['0 */2 * * *', 'cron 0 */2 * * *'],
    ['0 9 * * MON#2', 'cron 0 9 * * MON#2'],
  ])('reads %s as "%s"', (cron, words) => {
    expect(describeCron(cron)).toBe(words);
  });
});

describe('describeTrigger', () => {
  it('reads each trigger type', () => {
    expect(describeTrigger({ trigger_type: 'schedule', trigger_config: { cron: '30 7 * * MON-FRI', timezone: 'Asia/Tokyo' } })).toBe('every weekday at 07:30 (Asia/Tokyo)');
    expect(describeTrigger({ trigger_type: 'webhook', trigger_config: { method: 'POST' } })).toBe('Webhook (POST)');
    expect(describeTrigger({ trigger_type: 'event', trigger_config: { event: 'invoice.paid' } })).toBe('When invoice.paid happens');
    expect(describeTrigger({ trigger_type: 'manual', trigger_config: {} })).toBe('Started by hand');
    expect(describeTrigger({ trigger_type: null, trigger_config: {} })).toBe('No trigger yet');
  });
});
