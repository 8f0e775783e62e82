// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.spi;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The kernel's own values for one configuration of a variant (NR_CPUS, DEBUG_KMAP_LOCAL): data
 * only, immutable, each value carrying the header and kernel version it comes from. A port can
 * agree with itself and still be wrong; the conformance kit checks it against these
 * ({@code required_vectors_*}). Built with {@link #builder(int, boolean)}:
 *
 * <pre>{@code
 * ReferenceVectors.builder(4, false)
 *     .source("arch/x86/include/asm/fixmap.h, v5.11")
 *     .fixKmapBegin(69)
 *     .slotAddress(0, 0, 0xfffba000L)
 *     .source("arch/x86/include/asm/highmem.h, v5.11")
 *     .hookCall(Operation.UNMAP, Phase.POST_UNMAP, 1, ServiceCall.localFlushTlbKernelPage(0xfffaa000L))
 *     .build();
 * }</pre>
 *
 * <p>The hook trace describes fixed operations on a machine of the configuration with
 * {@code MachineConfig.DEFAULT_MEMORY} of RAM, on CPU {@code c = min(1, NR_CPUS - 1)}, with the
 * page {@code p}, the first highmem pfn that is a multiple of DCACHE_N_COLORS ({@code max_low_pfn}
 * rounded up):
 *
 * <ul>
 *   <li>{@link Operation#MAP}: {@code kmap_local_page(p)} by CPU c's task, into its first slot;
 *   <li>{@link Operation#UNMAP}: the {@code kunmap_local()} of it;
 *   <li>{@link Operation#SCHED_OUT}: with {@code p} mapped so, a switch to another task;
 *   <li>{@link Operation#SCHED_IN}: the switch back;
 *   <li>{@link Operation#KMAP}: {@code kmap(p)} on CPU c, the machine's first kmap;
 *   <li>{@link Operation#PKMAP_WRAP}: the {@code kmap()} that wraps the pkmap scan, after
 *       {@code kmap()} and {@code kunmap()} of distinct pages of p's colour on CPU c.
 * </ul>
 *
 * Each call a hook makes on {@link HardwareServices} during the operation is one
 * {@link HookCall}, in order. docs/PORTING.md ("Deriving reference vectors") says how to read
 * every value off the kernel source and off a running kernel.
 */
public final class ReferenceVectors {

  /** A value the kernel defines for a configuration, with the arguments it depends on. */
  public enum Quantity {
    /** {@code PAGE_OFFSET}. No argument. */
    PAGE_OFFSET(0),
    /** {@code FIXADDR_TOP}. No argument. */
    FIXADDR_TOP(0),
    /** {@code FIXADDR_START}. No argument. */
    FIXADDR_START(0),
    /** {@code FIX_KMAP_BEGIN}. No argument. */
    FIX_KMAP_BEGIN(0),
    /** {@code FIX_KMAP_END}. No argument. */
    FIX_KMAP_END(0),
    /** {@code PKMAP_BASE}. No argument. */
    PKMAP_BASE(0),
    /** {@code LAST_PKMAP}. No argument. */
    LAST_PKMAP(0),
    /**
     * The address kmap_local gives kmap_ctrl slot {@code slot} of CPU {@code cpu} for a page of
     * colour 0: {@code __fix_to_virt(FIX_KMAP_BEGIN + arch_kmap_local_map_idx(slot, pfn))}.
     * Arguments: cpu, slot.
     */
    SLOT_ADDRESS(2),
    /** {@code max_low_pfn} on a machine with that much RAM from physical 0. Argument: bytes. */
    MAX_LOW_PFN(1),
    /**
     * {@code VMALLOC_START} on a machine with that much RAM from physical 0 ({@code high_memory}
     * = {@code __va(max_low_pfn << PAGE_SHIFT)}). Argument: bytes.
     */
    VMALLOC_START(1),
    /** {@code pte_val(pfn_pte(pfn, kmap_prot))}. Argument: pfn. */
    KMAP_PROT_PTE(1),
    /** The hardware word of {@code pfn_pte(pfn, kmap_prot)} (ARM's, MIPS's EntryLo). Argument: pfn. */
    KMAP_PROT_HARDWARE_PTE(1),
    /** What {@code pte_clear()} leaves in an unused kernel slot. No argument. */
    EMPTY_PTE(0),
    /** The physical address width the PTE format holds, in bits. No argument. */
    PHYSICAL_ADDRESS_BITS(0);

    private final int arguments;

    Quantity(int arguments) {
      this.arguments = arguments;
    }

    /** How many arguments a value of this quantity takes. */
    public int arguments() {
      return arguments;
    }
  }

  /**
   * One value of the kernel.
   *
   * @param quantity what it is
   * @param arguments what it depends on ({@link Quantity#arguments()} of them)
   * @param expected the kernel's value
   * @param source the header (or function) and kernel version it comes from
   */
  public record Value(Quantity quantity, List<Long> arguments, long expected, String source) {

    /** Checks the fields. */
    public Value {
      Objects.requireNonNull(quantity, "quantity");
      arguments = List.copyOf(arguments);
      if (arguments.size() != quantity.arguments) {
        throw new IllegalArgumentException(quantity + " takes " + quantity.arguments
            + " argument(s), not " + arguments.size());
      }
      requireSource(source);
    }

    /** {@code FIX_KMAP_BEGIN = 69}, {@code SLOT_ADDRESS(1, 0) = 0xfffaa000}. */
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder(quantity.name());
      if (!arguments.isEmpty()) {
        sb.append('(');
        for (int i = 0; i < arguments.size(); i++) {
          long a = arguments.get(i);
          sb.append(i == 0 ? "" : ", ").append(a < 4096 ? Long.toString(a) : "0x" + Long.toHexString(a));
        }
        sb.append(')');
      }
      boolean small = quantity == Quantity.FIX_KMAP_BEGIN || quantity == Quantity.FIX_KMAP_END
          || quantity == Quantity.LAST_PKMAP || quantity == Quantity.PHYSICAL_ADDRESS_BITS;
      return sb.append(" = ").append(small ? Long.toString(expected)
          : "0x" + Long.toHexString(expected)).toString();
    }
  }

  /** The operations of a hook trace (see the class description). */
  public enum Operation {
    /** {@code kmap_local_page(p)} on CPU c. */
    MAP,
    /** {@code kunmap_local()} of that mapping. */
    UNMAP,
    /** {@code __kmap_local_sched_out()} of the task holding that mapping. */
    SCHED_OUT,
    /** {@code __kmap_local_sched_in()} of it. */
    SCHED_IN,
    /** The machine's first {@code kmap(p)}. */
    KMAP,
    /** The {@code kmap()} whose scan wraps and flushes unused pkmap entries. */
    PKMAP_WRAP
  }

  /** The hook a {@link HardwareServices} call is made from, by its kernel name. */
  public enum Phase {
    /** {@code arch_kmap_local_map_idx()}. */
    MAP_IDX("arch_kmap_local_map_idx"),
    /** {@code arch_kmap_local_unmap_idx()}. */
    UNMAP_IDX("arch_kmap_local_unmap_idx"),
    /** {@code arch_kmap_local_high_get()}. */
    HIGH_GET("arch_kmap_local_high_get"),
    /** {@code arch_kmap_local_post_map()}. */
    POST_MAP("arch_kmap_local_post_map"),
    /** {@code arch_kmap_local_pre_unmap()}. */
    PRE_UNMAP("arch_kmap_local_pre_unmap"),
    /** {@code arch_kmap_local_post_unmap()}. */
    POST_UNMAP("arch_kmap_local_post_unmap"),
    /** {@code flush_cache_kmaps()}. */
    FLUSH_CACHE_KMAPS("flush_cache_kmaps"),
    /** {@code kmap_flush_tlb()}. */
    KMAP_FLUSH_TLB("kmap_flush_tlb");

    private final String kernelName;

    Phase(String kernelName) {
      this.kernelName = kernelName;
    }

    /** The kernel's name of the hook. */
    public String kernelName() {
      return kernelName;
    }
  }

  /**
   * One call of a hook trace.
   *
   * @param operation the operation during which it is made
   * @param phase the hook that makes it
   * @param cpu the CPU it runs on ({@code smp_processor_id()})
   * @param call the service and its arguments
   * @param source the header (or function) and kernel version that make the call
   */
  public record HookCall(Operation operation, Phase phase, int cpu, ServiceCall call,
      String source) {

    /** Checks the fields. */
    public HookCall {
      Objects.requireNonNull(operation, "operation");
      Objects.requireNonNull(phase, "phase");
      Objects.requireNonNull(call, "call");
      if (cpu < 0) {
        throw new IllegalArgumentException("cpu " + cpu);
      }
      requireSource(source);
    }

    /** {@code arch_kmap_local_post_unmap: CPU1 localFlushTlbKernelPage(0xfffaa000)}. */
    @Override
    public String toString() {
      return phase.kernelName + ": CPU" + cpu + " " + call;
    }
  }

  private final int nrCpus;
  private final boolean debugKmapLocal;
  private final List<Value> values;
  private final List<HookCall> trace;
  private final Set<Operation> traced;

  private ReferenceVectors(Builder b) {
    this.nrCpus = b.nrCpus;
    this.debugKmapLocal = b.debugKmapLocal;
    this.values = List.copyOf(b.values);
    this.trace = List.copyOf(b.trace);
    this.traced = b.traced.isEmpty() ? Set.of() : Set.copyOf(b.traced);
  }

  /**
   * A builder for the vectors of a kernel built with {@code nrCpus} and, or without,
   * {@code CONFIG_DEBUG_KMAP_LOCAL}.
   */
  public static Builder builder(int nrCpus, boolean debugKmapLocal) {
    return new Builder(nrCpus, debugKmapLocal);
  }

  /** NR_CPUS of the configuration. */
  public int nrCpus() {
    return nrCpus;
  }

  /** CONFIG_DEBUG_KMAP_LOCAL of the configuration. */
  public boolean debugKmapLocal() {
    return debugKmapLocal;
  }

  /** KM_MAX_IDX of the configuration: 33 with DEBUG_KMAP_LOCAL, else 16. */
  public int kmMaxIdx() {
    return debugKmapLocal ? 33 : 16;
  }

  /** The values, in the order declared. */
  public List<Value> values() {
    return values;
  }

  /** The value of a quantity with no argument, if declared. */
  public Optional<Value> value(Quantity quantity) {
    return values.stream().filter(v -> v.quantity == quantity).findFirst();
  }

  /** The operations whose hook calls are declared (an operation may be declared to make none). */
  public Set<Operation> tracedOperations() {
    return traced;
  }

  /** The hook calls of every traced operation, in order. */
  public List<HookCall> trace() {
    return trace;
  }

  /** The hook calls of one operation, in order (empty if it makes none or is not traced). */
  public List<HookCall> trace(Operation operation) {
    return trace.stream().filter(c -> c.operation == operation).toList();
  }

  /** {@code NR_CPUS 4, DEBUG_KMAP_LOCAL off}. */
  @Override
  public String toString() {
    return "NR_CPUS " + nrCpus + ", DEBUG_KMAP_LOCAL " + (debugKmapLocal ? "on" : "off");
  }

  private static void requireSource(String source) {
    if (source == null || source.isBlank()) {
      throw new IllegalArgumentException(
          "every reference value cites its source: a header (or function) and kernel version");
    }
  }

  /**
   * Builds {@link ReferenceVectors}. {@link #source(String)} sets the citation of the values and
   * calls that follow it; nothing may be declared before a source.
   */
  public static final class Builder {
    private final int nrCpus;
    private final boolean debugKmapLocal;
    private final List<Value> values = new ArrayList<>();
    private final List<HookCall> trace = new ArrayList<>();
    private final Set<Operation> traced = EnumSet.noneOf(Operation.class);
    private final Set<Operation> empty = EnumSet.noneOf(Operation.class);
    private final Set<List<Object>> keys = new HashSet<>();
    private String source;

    private Builder(int nrCpus, boolean debugKmapLocal) {
      if (nrCpus < 1) {
        throw new IllegalArgumentException("NR_CPUS must be at least 1, got " + nrCpus);
      }
      this.nrCpus = nrCpus;
      this.debugKmapLocal = debugKmapLocal;
    }

    /** The citation of what follows: a header (or function) and the kernel version. */
    public Builder source(String headerAndVersion) {
      requireSource(headerAndVersion);
      this.source = headerAndVersion;
      return this;
    }

    /**
     * Declares a value.
     *
     * @throws IllegalArgumentException when the value was declared already, or the arguments do
     *     not match the quantity
     * @throws IllegalStateException before any {@link #source(String)}
     */
    public Builder value(Quantity quantity, long expected, long... arguments) {
      List<Long> args = new ArrayList<>();
      for (long a : arguments) {
        args.add(a);
      }
      Value v = new Value(quantity, args, expected, current());
      if (!keys.add(List.of(quantity, v.arguments))) {
        throw new IllegalArgumentException(v.quantity.name() + v.arguments + " declared twice");
      }
      values.add(v);
      return this;
    }

    /** {@code PAGE_OFFSET}. */
    public Builder pageOffset(long v) {
      return value(Quantity.PAGE_OFFSET, v);
    }

    /** {@code FIXADDR_TOP}. */
    public Builder fixaddrTop(long v) {
      return value(Quantity.FIXADDR_TOP, v);
    }

    /** {@code FIXADDR_START}. */
    public Builder fixaddrStart(long v) {
      return value(Quantity.FIXADDR_START, v);
    }

    /** {@code FIX_KMAP_BEGIN}. */
    public Builder fixKmapBegin(int v) {
      return value(Quantity.FIX_KMAP_BEGIN, v);
    }

    /** {@code FIX_KMAP_END}. */
    public Builder fixKmapEnd(int v) {
      return value(Quantity.FIX_KMAP_END, v);
    }

    /** {@code PKMAP_BASE}. */
    public Builder pkmapBase(long v) {
      return value(Quantity.PKMAP_BASE, v);
    }

    /** {@code LAST_PKMAP}. */
    public Builder lastPkmap(int v) {
      return value(Quantity.LAST_PKMAP, v);
    }

    /** The address of kmap_ctrl slot {@code slot} of CPU {@code cpu} (a page of colour 0). */
    public Builder slotAddress(int cpu, int slot, long vaddr) {
      return value(Quantity.SLOT_ADDRESS, vaddr, cpu, slot);
    }

    /** {@code max_low_pfn} with {@code memoryBytes} of RAM. */
    public Builder maxLowPfn(long memoryBytes, long pfn) {
      return value(Quantity.MAX_LOW_PFN, pfn, memoryBytes);
    }

    /** {@code VMALLOC_START} with {@code memoryBytes} of RAM. */
    public Builder vmallocStart(long memoryBytes, long vaddr) {
      return value(Quantity.VMALLOC_START, vaddr, memoryBytes);
    }

    /** {@code pfn_pte(pfn, kmap_prot)} and the hardware word of it. */
    public Builder kmapProtPte(long pfn, long pte, long hardwarePte) {
      value(Quantity.KMAP_PROT_PTE, pte, pfn);
      return value(Quantity.KMAP_PROT_HARDWARE_PTE, hardwarePte, pfn);
    }

    /** What {@code pte_clear()} leaves in an unused kernel slot. */
    public Builder emptyPte(long pte) {
      return value(Quantity.EMPTY_PTE, pte);
    }

    /** The physical address width of the PTE format. */
    public Builder physicalAddressBits(int bits) {
      return value(Quantity.PHYSICAL_ADDRESS_BITS, bits);
    }

    /** Appends a call to the trace of {@code operation}. */
    public Builder hookCall(Operation operation, Phase phase, int cpu, ServiceCall call) {
      if (empty.contains(operation)) {
        throw new IllegalArgumentException(operation + " was declared to make no hook call");
      }
      trace.add(new HookCall(operation, phase, cpu, call, current()));
      traced.add(operation);
      return this;
    }

    /** Declares that the hooks make no {@link HardwareServices} call during these operations. */
    public Builder noHookCalls(Operation... operations) {
      current();
      for (Operation o : operations) {
        if (trace.stream().anyMatch(c -> c.operation == o)) {
          throw new IllegalArgumentException(o + " has hook calls already");
        }
        traced.add(o);
        empty.add(o);
      }
      return this;
    }

    /** The vectors. */
    public ReferenceVectors build() {
      return new ReferenceVectors(this);
    }

    private String current() {
      if (source == null) {
        throw new IllegalStateException("cite a source(...) before declaring reference values");
      }
      return source;
    }
  }
}
