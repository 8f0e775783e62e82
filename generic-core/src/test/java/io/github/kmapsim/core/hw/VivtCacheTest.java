// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.InvariantViolation;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.core.Toy;
import io.github.kmapsim.core.ToyArch;
import io.github.kmapsim.spi.CacheType;
import io.github.kmapsim.spi.HardwareServices;
import org.junit.jupiter.api.Test;

/** A VIVT D-cache makes a missing flush before unmap visible. */
class VivtCacheTest {

  /** ARM-VIVT-like hooks: flush the D-cache area before unmap when asked to. */
  private static Machine machine(boolean flushBeforeUnmap) {
    ToyArch.FlushingHooks hooks = new ToyArch.FlushingHooks(true, true) {
      @Override
      public void preUnmap(HardwareServices hw, long vaddr) {
        if (flushBeforeUnmap) {
          hw.flushDcacheArea(vaddr, 4096);
        }
      }
    };
    return KmapSim.newMachine(Toy.config(), new ToyArch(hooks) {
      @Override
      public CacheType cacheType() {
        return CacheType.VIVT;
      }
    });
  }

  /** Writes X through one mapping, unmaps, and reads the page back through another address. */
  private static long writeRemapRead(Machine m) {
    Cpu c = m.cpu(0);
    long first = c.kmapLocalPage(m.page(Toy.HIGH_PFN));
    c.writeLong(first, 0x1234);
    c.kunmapLocal(first);
    long other = c.kmapLocalPage(m.page(Toy.HIGH_PFN + 1));
    long again = c.kmapLocalPage(m.page(Toy.HIGH_PFN));
    assertEquals(first - 4096, again, "the page comes back at another address");
    long value = c.readLong(again);
    c.kunmapLocal(again);
    c.kunmapLocal(other);
    return value;
  }

  @Test
  void withTheFlushTheSecondMappingSeesTheData() {
    Machine m = machine(true);
    assertEquals(0x1234, writeRemapRead(m));
    assertEquals(0x34, m.readPhysical(Toy.HIGH_PFN << 12), "written back to memory");
    assertTrue(m.checkInvariants().isEmpty(), m.checkInvariants().toString());
  }

  @Test
  void withoutTheFlushTheDataIsVisiblyLost() {
    Machine m = machine(false);
    assertEquals(0, writeRemapRead(m), "the dirty line never reached memory");
    assertEquals(0, m.readPhysical(Toy.HIGH_PFN << 12));
    assertTrue(m.checkInvariants().stream()
        .anyMatch(v -> v.code() == InvariantViolation.Code.ORPHANED_DIRTY_LINE && v.cpu() == 0),
        m.checkInvariants().toString());
  }

  @Test
  void withoutTheFlushAReusedAddressHitsTheOldPagesLine() {
    Machine m = machine(false);
    Cpu c = m.cpu(0);
    long va = c.kmapLocalPage(m.page(Toy.HIGH_PFN));
    c.writeLong(va, 0x1234);
    c.kunmapLocal(va);
    long reused = c.kmapLocalPage(m.page(Toy.HIGH_PFN + 1));
    assertEquals(va, reused);
    assertEquals(0x1234, c.readLong(reused), "a VIVT hit by virtual tag: the previous page's data");
  }

  @Test
  void aliasingDcacheIsRefusedAtStart() {
    KmapException e = assertThrows(KmapException.class,
        () -> Toy.machine(Toy.config().toBuilder().dcacheAliases(true).build()));
    assertEquals(DiagnosticCode.BAD_CONFIG, e.code());
    assertTrue(e.getMessage().contains("aliasing"), e.getMessage());
  }
}
