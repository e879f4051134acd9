import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.js';

describe('CircuitBreaker', () => {
  const options = { failureThreshold: 3, coolDownMs: 1_000 };

  it('closed: stays closed below the threshold, a success resets the count', () => {
    const breaker = new CircuitBreaker(options);
    breaker.onFailure(0);
    breaker.onFailure(0);
    breaker.onSuccess();
    breaker.onFailure(0);
    breaker.onFailure(0);
    expect(breaker.state).toBe('closed');
    expect(breaker.tryPass(0)).toBe(true);
  });

  it('open: opens after N consecutive failures and refuses until the cool-down', () => {
    const breaker = new CircuitBreaker(options);
    for (let i = 0; i < 3; i++) breaker.onFailure(100);
    expect(breaker.state).toBe('open');
    expect(breaker.isAvailable(500)).toBe(false);
    expect(breaker.tryPass(1_099)).toBe(false);
  });

  it('half-open: lets exactly one trial through after the cool-down; success closes', () => {
    const breaker = new CircuitBreaker(options);
    for (let i = 0; i < 3; i++) breaker.onFailure(0);
    expect(breaker.isAvailable(1_000)).toBe(true);
    expect(breaker.tryPass(1_000)).toBe(true);
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryPass(1_001)).toBe(false);
    expect(breaker.isAvailable(1_001)).toBe(false);
    breaker.onSuccess();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryPass(1_002)).toBe(true);
  });

  it('half-open: a failed trial opens again for a whole cool-down', () => {
    const breaker = new CircuitBreaker(options);
    for (let i = 0; i < 3; i++) breaker.onFailure(0);
    expect(breaker.tryPass(1_000)).toBe(true);
    breaker.onFailure(1_010);
    expect(breaker.state).toBe('open');
    expect(breaker.tryPass(2_000)).toBe(false);
    expect(breaker.tryPass(2_010)).toBe(true);
  });
});
