// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.Cpu;
import io.github.kmapsim.api.Diagnostic;
import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.Site;
import io.github.kmapsim.api.Task;
import io.github.kmapsim.core.Toy;
import io.github.kmapsim.core.ToyArch;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * User pages and user copies: might_fault, faulthandler_disabled() under pagefault_disable,
 * in_atomic() and interrupts, the zeroing of copy_from_user, and the checker's KMAP-W022.
 */
class UserCopyTest {
  private static final long U = 0x10000000L;
  private final Machine m = Toy.machine();
  private final Cpu cpu = m.cpu(0);

  @BeforeEach
  void userTask() {
    Task t = m.createTask("user", 0);
    m.schedule(0, t);
    cpu.mmapUser(U, 0x2000);
  }

  private List<DiagnosticCode> codes() {
    return m.diagnostics().stream().map(Diagnostic::code).toList();
  }

  @Test
  void aRoundTripAcrossTwoUserPagesFaultsThemInWithZerosAndKeepsTheBytes() {
    long k = cpu.kmapLocalPage(m.page(Toy.HIGH_PFN));
    assertFalse(cpu.userPagePresent(U));
    assertEquals(0, cpu.copyFromUser(k, U + 0xff8, 16), "the fault on each page is handled");
    assertEquals(0, cpu.readLong(k), "an untouched anonymous page reads zeros");
    assertTrue(cpu.userPagePresent(U) && cpu.userPagePresent(U + 0x1000));
    cpu.writeLong(k, 0x0102030405060708L);
    cpu.writeLong(k + 8, -2);
    assertEquals(0, cpu.copyToUser(U + 0xffc, k, 16));
    cpu.madvPageout(U, 0x2000);
    assertFalse(cpu.userPagePresent(U + 0x1000), "MADV_PAGEOUT: the next touch faults");
    long k2 = cpu.kmapLocalPage(m.page(Toy.HIGH_PFN + 1));
    assertEquals(0, cpu.copyFromUser(k2, U + 0xffc, 16), "swapped in, the contents kept");
    assertEquals(0x0102030405060708L, cpu.readLong(k2));
    assertEquals(-2, cpu.readLong(k2 + 8));
    assertEquals(List.of(), codes(), "a kmap_local section may take faults");
  }

  @Test
  void underKmapAtomicTheFaultIsNotHandledAndCopyFromUserZeroesTheRest() {
    assertEquals(0, cpu.faultInReadable(U, 0x1000));
    long k = cpu.kmapAtomic(m.page(Toy.HIGH_PFN));
    cpu.writeLong(k + 0x1000 - 8, -1);
    assertEquals(0x400, cpu.copyFromUser(k + 0x800, U + 0xc00, 0x800),
        "short at the non-present second page");
    assertEquals(0, cpu.readLong(k + 0x1000 - 8), "_copy_from_user zeroes what it did not copy");
    assertFalse(cpu.userPagePresent(U + 0x1000), "nothing faulted it in");
    cpu.writeLong(k + 0x1000 - 8, -1);
    assertEquals(0x400, cpu.copyFromUserInatomic(k + 0x800, U + 0xc00, 0x800));
    assertEquals(-1, cpu.readLong(k + 0x1000 - 8), "__copy_from_user_inatomic does not zero");
    cpu.kunmapAtomic(k);
    assertEquals(List.of(), codes(), "might_fault is silent while pagefault_disabled()");
  }

  @Test
  void anInatomicCopyInAKmapLocalSectionIsReportedWithTheMapSite() {
    cpu.callSite("t.ksim", 4, "p");
    long k = cpu.kmapLocalPage(m.page(Toy.HIGH_PFN));
    cpu.callSite("t.ksim", 5, null);
    assertEquals(0, cpu.copyToUserInatomic(U + 0x1000, k, 8), "the fault is handled");
    assertTrue(cpu.userPagePresent(U + 0x1000));
    assertEquals(List.of(DiagnosticCode.INATOMIC_COPY_FAULTS_ENABLED), codes());
    Diagnostic d = m.diagnostics().get(0);
    assertEquals(List.of(new Site(Site.Role.MAP, "t.ksim", 4, "p"),
        new Site(Site.Role.USE, "t.ksim", 5, "")), d.sites());
    assertTrue(d.message().contains("kmap_local at t.ksim:4 (p)"), d.message());
    cpu.pagefaultDisable();
    cpu.madvPageout(U, 0x2000);
    assertEquals(8, cpu.copyToUserInatomic(U + 0x1000, k, 8), "with pagefault_disable: short");
    cpu.pagefaultEnable();
    assertEquals(1, m.diagnostics().size(), "and silent");
  }

  @Test
  void underPreemptDisableMightFaultWarnsAndInAtomicStopsTheFault() {
    long k = cpu.kmapLocalPage(m.page(Toy.HIGH_PFN));
    cpu.preemptDisable();
    assertEquals(8, cpu.copyFromUser(k, U, 8), "in_atomic(): faulthandler_disabled()");
    cpu.preemptEnable();
    assertEquals(List.of(DiagnosticCode.SLEEP_IN_ATOMIC), codes());
    assertTrue(m.diagnostics().get(0).message().contains("copy_from_user() (might_fault)"));
    cpu.irqEnter();
    long i = cpu.kmapAtomic(m.page(Toy.HIGH_PFN + 1));
    assertEquals(8, cpu.copyToUserInatomic(U, i, 8), "an interrupt is in_atomic() too");
    cpu.kunmapAtomic(i);
    cpu.irqExit();
    assertEquals(1, m.diagnostics().size(), "the inatomic copy in an interrupt is legal");
  }

  @Test
  void outsideTaskSizeOrAnyVmaTheCopyFailsWholeWithoutADiagnostic() {
    long k = cpu.kmapLocalPage(m.page(Toy.HIGH_PFN));
    assertEquals(16, cpu.copyToUser(ToyArch.PAGE_OFFSET - 8, k, 16), "access_ok() fails");
    assertEquals(8, cpu.copyToUser(U + 0x2000, k, 8), "no VMA: the fault is never fixed up");
    assertEquals(0x1000, cpu.faultInReadable(U + 0x1000, 0x2000), "the part in the VMA");
    assertEquals(List.of(), codes());
  }

  @Test
  void aSnapshotHoldsTheUserPagesAndARestorePutsThemBack() {
    long k = cpu.kmapLocalPage(m.page(Toy.HIGH_PFN));
    cpu.writeLong(k, 42);
    assertEquals(0, cpu.copyToUser(U, k, 8));
    io.github.kmapsim.api.MachineSnapshot before = m.snapshot();
    cpu.writeLong(k, 43);
    assertEquals(0, cpu.copyToUser(U, k, 8));
    cpu.madvPageout(U, 0x1000);
    io.github.kmapsim.api.MachineSnapshot after = m.snapshot();
    assertFalse(before.equals(after));
    assertTrue(before.diff(after).stream().anyMatch(l -> l.startsWith("user pages: ")),
        before.diff(after).toString());
    m.restore(before);
    assertEquals(List.of(), before.diff(m.snapshot()));
    assertTrue(cpu.userPagePresent(U));
    cpu.writeLong(k, 0);
    assertEquals(0, cpu.copyFromUser(k, U, 8));
    assertEquals(42, cpu.readLong(k), "the user page's bytes as they were");
  }

  @Test
  void badInputIsRefusedAndChangesNothing() {
    long k = cpu.kmapLocalPage(m.page(Toy.HIGH_PFN));
    cpu.writeLong(k, 5);
    assertEquals(0, cpu.copyToUser(U, k, 8));
    KmapException e = assertThrows(KmapException.class, () -> cpu.mmapUser(U + 1, 0x1000));
    assertEquals(DiagnosticCode.BAD_ARGUMENT, e.diagnostic().code());
    assertThrows(KmapException.class, () -> cpu.mmapUser(U + 0x1000, 0x1000), "EEXIST");
    assertThrows(KmapException.class, () -> cpu.madvPageout(U, 0x3000), "ENOMEM");
    assertTrue(cpu.userPagePresent(U), "the refused madvise paged nothing out");
    assertThrows(KmapException.class, () -> cpu.copyFromUser(k + 0xff8, U, 16),
        "the kernel side runs past the mapped page");
    assertEquals(5, cpu.readLong(k), "nothing was copied");
    assertThrows(KmapException.class, () -> cpu.copyFromUser(U, U, 8), "a user 'kernel' address");
    assertThrows(KmapException.class, () -> cpu.copyFromUser(k, U, -1));
    m.schedule(0, m.tasks().get(0));
    assertThrows(KmapException.class, () -> cpu.mmapUser(0x30000000L, 0x1000), "no mm");
  }
}
