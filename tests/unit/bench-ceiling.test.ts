import { cpuCeiling, formatCeiling } from '../../scripts/bench/ceiling';
import type { CpuBreakdown } from '../../scripts/bench/cpu';

const cpu = (perDossierMs: CpuBreakdown['perDossierMs']): CpuBreakdown => ({
  machineBusy: 0.93,
  seconds: { bench: 0, postgres: 0, temporal: 0, rest: 0, machine: 0 },
  perDossierMs,
});

describe('the CPU ceiling of the throughput ratio', () => {
  // The --quick run of 2026-12-03 (10:45): lifecycle 219.4 / 36.3 / 129.3 ms, floor 55.1 / 0 / 71.2 ms.
  const lifecycle = cpu({ bench: 219.4, postgres: 36.3, temporal: 129.3, rest: 0, machine: 385 });
  const floor = cpu({ bench: 55.1, postgres: 0, temporal: 71.2, rest: 0, machine: 126.3 });

  it('is the floor’s CPU per dossier over the lifecycle’s, all processes counted', () => {
    const c = cpuCeiling(lifecycle, floor)!;
    expect(c.lifecycleMs).toBe(385);
    expect(c.floorMs).toBe(126.3);
    expect(c.byCpu).toBe(0.328); // 126.3 / 385
    expect(c.processTimesFloor).toBe(3.98); // 219.4 / 55.1
  });

  it('grants the lifecycle’s process no more than the floor’s, keeping Temporal’s and PostgreSQL’s work', () => {
    // 126.3 / (55.1 + 36.3 + 129.3) = 126.3 / 220.7
    expect(cpuCeiling(lifecycle, floor)!.withFloorProcess).toBe(0.572);
  });

  it('counts the rest of the machine in both phases', () => {
    const c = cpuCeiling(cpu({ bench: 100, postgres: 20, temporal: 60, rest: 20, machine: 200 }), cpu({ bench: 40, postgres: 0, temporal: 50, rest: 10, machine: 100 }))!;
    expect([c.lifecycleMs, c.floorMs, c.byCpu, c.withFloorProcess]).toEqual([200, 100, 0.5, 0.714]); // 100 / (40 + 20 + 60 + 20)
  });

  it('is not given when the services’ CPU was not measured (external Temporal or PostgreSQL)', () => {
    expect(cpuCeiling(cpu({ bench: 219.4, postgres: null, temporal: 129.3, rest: 0, machine: 385 }), floor)).toBeNull();
    expect(cpuCeiling(cpu({ bench: 219.4, postgres: 36.3, temporal: null, rest: 0, machine: 385 }), floor)).toBeNull();
  });

  it('prints the three figures', () => {
    const text = formatCeiling(cpuCeiling(lifecycle, floor)!).join('\n');
    expect(text).toContain('lifecycle 385 ms, floor 126.3 ms');
    expect(text).toContain('at most 0.328');
    expect(text).toContain('at most 0.572');
    expect(text).toContain('3.98 × the floor');
  });
});
