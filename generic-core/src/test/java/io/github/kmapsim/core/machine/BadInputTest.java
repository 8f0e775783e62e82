// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.core.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.api.DiagnosticCode;
import io.github.kmapsim.api.KmapException;
import io.github.kmapsim.api.Machine;
import io.github.kmapsim.api.MachineConfig;
import io.github.kmapsim.api.MachineSnapshot;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.core.Toy;
import io.github.kmapsim.core.ToyArch;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input gets a clear error and changes nothing. */
class BadInputTest {

  static Stream<Arguments> badCalls() {
    return Stream.of(
        Arguments.of("negative pfn", DiagnosticCode.BAD_PFN, "outside physical memory",
            (Consumer<Machine>) m -> m.page(-1)),
        Arguments.of("pfn past memory", DiagnosticCode.BAD_PFN, "pfns are 0..0x3ffff",
            (Consumer<Machine>) m -> m.page(1L << 18)),
        Arguments.of("page of a bigger machine", DiagnosticCode.BAD_ARGUMENT, "is a page of",
            (Consumer<Machine>) m -> m.cpu(0).kmapLocalPage(
                Toy.machine(Toy.config().toBuilder().memoryBytes(4L << 30).build()).page(1L << 19))),
        Arguments.of("page of another machine", DiagnosticCode.BAD_ARGUMENT, "is a page of",
            (Consumer<Machine>) m -> m.cpu(0).kmapLocalPage(Toy.machine().page(Toy.HIGH_PFN))),
        Arguments.of("prot pfn_pte cannot encode", DiagnosticCode.BAD_ARGUMENT, "prot 0x",
            (Consumer<Machine>) m -> m.cpu(0).kmapLocalPageProt(m.page(Toy.HIGH_PFN), -1)),
        Arguments.of("kmap_atomic with a prot pfn_pte cannot encode", DiagnosticCode.BAD_ARGUMENT,
            "prot 0x", (Consumer<Machine>) m -> m.cpu(0).kmapAtomicProt(m.page(Toy.HIGH_PFN), -1)),
        Arguments.of("pteval slot out of range", DiagnosticCode.BAD_ARGUMENT, "pteval[-1]",
            (Consumer<Machine>) m -> m.cpu(0).current().pteval(-1)),
        Arguments.of("pkmap entry out of range", DiagnosticCode.BAD_ARGUMENT, "LAST_PKMAP",
            (Consumer<Machine>) m -> m.pkmapCount(-1)),
        Arguments.of("pfn the PTE cannot hold", DiagnosticCode.BAD_PFN, "PTE can hold",
            (Consumer<Machine>) m -> m.cpu(0).kmapLocalPfn(1L << 20)),
        Arguments.of("cpu out of range", DiagnosticCode.BAD_CPU, "CPU0..CPU1",
            (Consumer<Machine>) m -> m.cpu(2)),
        Arguments.of("unknown task", DiagnosticCode.BAD_ARGUMENT, "no task named 'ghost'",
            (Consumer<Machine>) m -> m.task("ghost")),
        Arguments.of("duplicate task", DiagnosticCode.BAD_ARGUMENT, "taken",
            (Consumer<Machine>) m -> m.createTask("swapper/0", 0)),
        Arguments.of("schedule on a bad cpu", DiagnosticCode.BAD_CPU, "does not exist",
            (Consumer<Machine>) m -> m.schedule(5, m.task("swapper/0"))),
        Arguments.of("migrate a running task", DiagnosticCode.BAD_TASK, "is running on CPU0",
            (Consumer<Machine>) m -> m.migrate(m.task("swapper/0"), 1)),
        Arguments.of("never mapped", DiagnosticCode.STACK_UNDERFLOW, "empty kmap stack",
            (Consumer<Machine>) m -> m.cpu(0).kunmapLocal(Toy.slot(0, 0))),
        Arguments.of("nmi exit without entry", DiagnosticCode.BAD_CONTEXT, "nmi_exit",
            (Consumer<Machine>) m -> m.cpu(1).nmiExit()));
  }

  /**
   * The whole machine is compared before and after: API misuse leaves no trace at all, a kernel
   * event (a BUG, a state refusal) leaves its one diagnostic and nothing else.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("badCalls")
  void isRefusedWithAClearMessageAndChangesNothing(
      String what, DiagnosticCode code, String text, Consumer<Machine> call) {
    Machine m = Toy.machine();
    MachineSnapshot before = m.snapshot();
    KmapException e = assertThrows(KmapException.class, () -> call.accept(m));
    assertEquals(code, e.code());
    assertTrue(e.getMessage().startsWith(code.code()), e.getMessage());
    assertTrue(e.getMessage().contains(text), e.getMessage());
    List<String> diff = before.diff(m.snapshot());
    if (code.isKernelEvent()) {
      assertEquals(List.of("diagnostic 0: none -> " + e.diagnostic().format()), diff);
    } else {
      assertEquals(List.of(), diff);
      assertEquals(before, m.snapshot());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badConfigs")
  void badConfigurationsNameTheProblem(String what, MachineConfig config, String text) {
    KmapException e = assertThrows(KmapException.class, () -> Toy.machine(config));
    assertEquals(DiagnosticCode.BAD_CONFIG, e.code());
    assertTrue(e.getMessage().contains(text), e.getMessage());
  }

  @Test
  void aUniprocessorArchitectureSaysSo() {
    ToyArch up = new ToyArch() {
      @Override
      public int maxCpus() {
        return 1;
      }
    };
    KmapException e = assertThrows(KmapException.class,
        () -> KmapSim.newMachine(Toy.config().toBuilder().cpus(2).build(), up));
    assertEquals(DiagnosticCode.BAD_CONFIG, e.code());
    assertTrue(e.getMessage().endsWith("toy is a uniprocessor kernel: NR_CPUS is 1, not 2"),
        e.getMessage());
    assertEquals(1, KmapSim.newMachine(Toy.config().toBuilder().cpus(1).build(), up).nrCpus());
  }

  static Stream<Arguments> badConfigs() {
    return Stream.of(
        Arguments.of("too many CPUs", Toy.config().toBuilder().cpus(17).build(), "at most 16 CPUs"),
        Arguments.of("memory the PTE cannot address",
            Toy.config().toBuilder().memoryBytes(8L << 30).build(), "at most 4096 MiB"));
  }
}
