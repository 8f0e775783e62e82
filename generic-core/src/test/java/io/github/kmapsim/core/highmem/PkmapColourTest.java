// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.highmem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.core.Toy;
import io.github.kmapsim.core.ToyArch;
import io.github.kmapsim.spi.KmapHooks;
import io.github.kmapsim.spi.MemoryLayout;
import org.junit.jupiter.api.Test;

/**
 * map_new_virtual() and kunmap_high() through the colour hooks ({@code get_pkmap_color} and its
 * family, 15de36a4c3cf), on the toy with two colours and xtensa's per-colour scan
 * ({@code arch/xtensa/include/asm/highmem.h}): a page of colour c takes entries c, c + 2, ...; the
 * scan of a colour wraps on its own; a kmap sleeps on its colour's queue, which only a kunmap of
 * that colour wakes.
 */
class PkmapColourTest {
  private static final long PKMAP_BASE = 0xff800000L;
  private static final int LAST_PKMAP = 512;
  private static final int COLOURS = 2;
  /** The first highmem pfn, even: colour 0. */
  private static final long EVEN = Toy.HIGH_PFN;

  /** xtensa's hooks for DCACHE_N_COLORS 2, with the toy's TLB flush. */
  private static class ColourHooks extends ToyArch.FlushingHooks {
    ColourHooks() {
      super(true, true);
    }

    @Override public int getPkmapColor(long pfn) {
      return (int) (pfn & (COLOURS - 1));
    }

    @Override public int getNextPkmapNr(int[] last, int color, int lastPkmap) {
      last[color] = (last[color] + COLOURS) & (lastPkmap - 1);
      return last[color] + color;
    }

    @Override public boolean noMorePkmaps(int pkmapNr, int color) {
      return pkmapNr < COLOURS;
    }

    @Override public int getPkmapEntriesCount(int color, int lastPkmap) {
      return lastPkmap / COLOURS;
    }

    @Override public int getPkmapWaitQueueHead(int color) {
      return color;
    }
  }

  private static Machine machine(KmapHooks hooks) {
    return KmapSim.newMachine(Toy.config(), new ToyArch(hooks) {
      @Override public int dcacheColours() {
        return COLOURS;
      }

      @Override public MemoryLayout layout(int nrCpus, int kmMaxIdx) {
        return super.layout(nrCpus * COLOURS, kmMaxIdx); // KM_MAX_IDX * DCACHE_N_COLORS a CPU
      }
    });
  }

  private final Machine m = machine(new ColourHooks());
  private final Cpu cpu0 = m.cpu(0);

  private static long pkmapAddr(int nr) {
    return PKMAP_BASE + ((long) nr << 12);
  }

  @Test
  void eachColourScansItsOwnEntries() {
    assertEquals(pkmapAddr(2), cpu0.kmap(m.page(EVEN)).vaddr(), "last_pkmap_nr_arr[0] + 2 + colour 0");
    assertEquals(pkmapAddr(3), cpu0.kmap(m.page(EVEN + 1)).vaddr(), "last_pkmap_nr_arr[1] + 2 + 1");
    assertEquals(pkmapAddr(4), cpu0.kmap(m.page(EVEN + 2)).vaddr());
    assertEquals(pkmapAddr(5), cpu0.kmap(m.page(EVEN + 5)).vaddr());
    assertEquals(pkmapAddr(7), cpu0.kmap(m.page(EVEN + 7)).vaddr());
    assertEquals(pkmapAddr(6), cpu0.kmap(m.page(EVEN + 4)).vaddr(), "colour 0 went on from 4");
    for (long p = EVEN; p < EVEN + 8; p++) {
      long va = m.pageAddress(m.page(p));
      assertTrue(va == 0 || ((va >>> 12) & 1) == (p & 1), "pfn " + p + " at " + va);
    }
  }

  @Test
  void aColourWrapsAndFlushesOnItsOwn() {
    for (int i = 0; i < LAST_PKMAP / COLOURS; i++) {
      long p = EVEN + 2L * i;
      cpu0.kmap(m.page(p)).vaddr(); // entries 2, 4, ..., 510, then 0
      cpu0.kunmap(m.page(p));
    }
    assertEquals(1, m.counters().pkmapFlushes(), "no_more_pkmaps(0, 0): the 255 unused entries");
    assertEquals(0, m.pageAddress(m.page(EVEN)), "entry 2 was freed");
    assertEquals(pkmapAddr(0), m.pageAddress(m.page(EVEN + LAST_PKMAP - 2)));
    assertEquals(pkmapAddr(3), cpu0.kmap(m.page(EVEN + 1)).vaddr(), "colour 1's scan has not moved");
    assertEquals(pkmapAddr(2), cpu0.kmap(m.page(EVEN + 1000)).vaddr(), "colour 0 goes on from 0");
    assertEquals(1, m.counters().pkmapFlushes());
    for (int i = 1; i < LAST_PKMAP / COLOURS; i++) {
      cpu0.kmap(m.page(EVEN + 1 + 2L * i)).vaddr(); // entries 5, 7, ..., 511, then 1
    }
    assertEquals(2, m.counters().pkmapFlushes(), "colour 1 wrapped to entry 1");
    assertEquals(pkmapAddr(1), m.pageAddress(m.page(EVEN + LAST_PKMAP - 1)));
    assertEquals(pkmapAddr(2), m.pageAddress(m.page(EVEN + 1000)), "in use: kept");
  }

  @Test
  void aKunmapWakesOnlyTheQueueOfItsColour() {
    Task holder = m.createTask("holder", 1);
    Task waiter = m.createTask("waiter", 0);
    m.schedule(1, holder);
    for (int i = 0; i < LAST_PKMAP / COLOURS; i++) {
      m.cpu(1).kmap(m.page(EVEN + 2L * i)).vaddr(); // every colour 0 entry
    }
    m.cpu(1).kmap(m.page(EVEN + 1)).vaddr(); // one of colour 1
    m.schedule(0, waiter);
    assertFalse(cpu0.kmap(m.page(EVEN + 1000)).mapped(), "no colour 0 entry is free");
    assertEquals(Task.State.SLEEPING, waiter.state());
    assertEquals(pkmapAddr(5), m.cpu(1).kmap(m.page(EVEN + 1001)).vaddr(), "colour 1 still has room");

    m.cpu(1).kunmap(m.page(EVEN + 1));
    assertEquals(1, m.pkmapCount(3));
    assertEquals(Task.State.SLEEPING, waiter.state(), "a colour 1 kunmap leaves queue 0 alone");
    m.cpu(1).kunmap(m.page(EVEN + 6));
    assertEquals(Task.State.RUNNABLE, waiter.state(), "a colour 0 kunmap wakes it");
    m.schedule(0, waiter);
    long va = cpu0.kmap(m.page(EVEN + 1000)).vaddr();
    assertEquals(0, (va >>> 12) & 1);
    assertTrue(m.diagnostics().isEmpty(), m.diagnostics()::toString);
  }

  @Test
  void aDeadlockIsJudgedByTheHoldersOfTheWaitersColour() {
    Task a = m.createTask("a", 0);
    Task b = m.createTask("b", 1);
    m.schedule(0, a);
    m.schedule(1, b);
    for (int i = 0; i < LAST_PKMAP / COLOURS; i++) {
      (i % 2 == 0 ? cpu0 : m.cpu(1)).kmap(m.page(EVEN + 2L * i));
    }
    assertFalse(cpu0.kmap(m.page(EVEN + 1000)).mapped(), "a waits: b may still kunmap colour 0");
    KmapException e =
        assertThrows(KmapException.class, () -> m.cpu(1).kmap(m.page(EVEN + 1002)).vaddr());
    assertEquals(DiagnosticCode.PKMAP_DEADLOCK, e.code());
    assertTrue(e.getMessage().contains("all 256 pkmap entries of colour 0 are held"),
        e.getMessage());
    assertTrue(e.getMessage().contains("{a=128, b=128}"), e.getMessage());
  }

  @Test
  void aHookOutsideItsRangeIsNamed() {
    Machine bad = machine(new ColourHooks() {
      @Override public int getNextPkmapNr(int[] last, int color, int lastPkmap) {
        return lastPkmap;
      }
    });
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> bad.cpu(0).kmap(bad.page(EVEN)).vaddr());
    assertTrue(e.getMessage().contains("get_next_pkmap_nr(0) of toy returned 512"),
        e.getMessage());
    Machine colour = machine(new ColourHooks() {
      @Override public int getPkmapColor(long pfn) {
        return 2;
      }
    });
    e = assertThrows(IllegalStateException.class, () -> colour.cpu(0).kmap(colour.page(EVEN)).vaddr());
    assertTrue(e.getMessage().contains("outside 0..DCACHE_N_COLORS - 1 (1)"), e.getMessage());
  }
}
