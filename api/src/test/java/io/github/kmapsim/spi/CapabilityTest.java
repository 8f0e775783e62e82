// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link Capability} stands for exactly the default methods of the SPI a port implements, one
 * each, and sees which ones an implementation overrides. A default method added to the SPI
 * without its capability, or renamed, fails here (or does not compile).
 */
class CapabilityTest {

  private static final List<Class<?>> SPIS =
      List.of(KmapHooks.class, PteCodec.class, MemoryLayout.class);

  @Test
  void everyDefaultMethodOfTheSpiHasExactlyOneCapability() {
    List<Method> defaults = new ArrayList<>();
    for (Class<?> spi : SPIS) {
      Arrays.stream(spi.getDeclaredMethods()).filter(Method::isDefault).forEach(defaults::add);
    }
    List<Method> named = Arrays.stream(Capability.values()).map(Capability::method).toList();

    assertEquals(defaults.size(), named.size(), () -> "defaults " + defaults + ", named " + named);
    assertEquals(Set.copyOf(defaults), Set.copyOf(named), "one capability per default method");
    for (Capability c : Capability.values()) {
      assertTrue(c.method().isDefault(), c + " names a default method");
      assertEquals(c.spi(), c.method().getDeclaringClass(), c + " belongs to its interface");
    }
  }

  @Test
  void theKernelsDefaultsHaveNoCapability() {
    KmapHooks hooks = new KmapHooks() {};
    assertEquals(Set.of(), Capability.of(hooks, new PlainCodec(), layout()));
  }

  @Test
  void anOverrideIsFoundAndOnlyThatOne() {
    KmapHooks hooks = new KmapHooks() {
      @Override
      public void postUnmap(HardwareServices hw, long vaddr) {
        hw.localFlushTlbKernelPage(vaddr);
      }

      @Override
      public boolean kmapPtesLinear() {
        return false;
      }
    };
    PteCodec codec = new PlainCodec() {
      @Override
      public long emptyPte() {
        return 0x1c;
      }
    };

    assertEquals(EnumSet.of(Capability.POST_UNMAP, Capability.KMAP_PTES_LINEAR,
        Capability.EMPTY_PTE), Capability.of(hooks, codec, layout()));
    assertTrue(Capability.POST_UNMAP.overriddenBy(hooks));
    assertFalse(Capability.POST_MAP.overriddenBy(hooks));
  }

  @Test
  void aBuiltLayoutHasVmallocStartOnlyWhenItWasGivenOne() {
    MemoryLayout own = MemoryLayout.builder().pageShift(12).pageOffset(0xc0000000L)
        .maxLowmemBytes(1L << 28).vmallocOffset(8L << 20).vmallocStart(h -> 0xd0000000L)
        .vmallocEnd(0xff000000L).pkmapBase(0xff800000L).lastPkmap(512).fixaddrTop(0xfffff000L)
        .fixaddrStart(0xfff00000L).fixKmapBegin(1).fixKmapEnd(16).build();

    assertEquals(Set.of(Capability.VMALLOC_START),
        Capability.of(new KmapHooks() {}, new PlainCodec(), own));
    assertEquals(0xd0000000L, own.vmallocStart(0xd0000000L - (8L << 20)));
    assertEquals(0xd0800000L, layout().vmallocStart(0xd0000000L), "x86's default");
    assertEquals(layout().fixToVirt(16), own.fixToVirt(16));
  }

  @Test
  void anOverrideInheritedFromASuperclassCounts() {
    class Base implements KmapHooks {
      @Override
      public int mapIdx(HardwareServices hw, int idx, long pfn) {
        return idx;
      }
    }
    class Derived extends Base {}

    assertTrue(Capability.MAP_IDX.overriddenBy(new Derived()));
    assertFalse(Capability.UNMAP_IDX.overriddenBy(new Derived()));
  }

  @Test
  void askingAnObjectOfAnotherInterfaceIsAnError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Capability.SET_PTE.overriddenBy(new KmapHooks() {}));
    assertTrue(e.getMessage().contains("is not a PteCodec"), e.getMessage());
  }

  @Test
  void theCapabilitiesOfAVariantComeFromItsHooksCodecAndLayout() {
    ArchVariant variant = new ArchVariant() {
      @Override
      public String name() {
        return "toy";
      }

      @Override
      public String description() {
        return "toy";
      }

      @Override
      public int maxCpus() {
        return 1;
      }

      @Override
      public MemoryLayout layout(int nrCpus, int kmMaxIdx) {
        return new MemoryLayout() {
          @Override
          public int pageShift() {
            return 12;
          }

          @Override
          public long pageOffset() {
            return 0xc0000000L;
          }

          @Override
          public long maxLowmemBytes() {
            return 1L << 28;
          }

          @Override
          public long vmallocOffset() {
            return 8L << 20;
          }

          @Override
          public long vmallocEnd() {
            return 0xff000000L;
          }

          @Override
          public long pkmapBase() {
            return 0xff800000L;
          }

          @Override
          public int lastPkmap() {
            return 512;
          }

          @Override
          public long fixaddrTop() {
            return 0xfffff000L;
          }

          @Override
          public long fixaddrStart() {
            return 0xfff00000L;
          }

          @Override
          public int fixKmapBegin() {
            return 1;
          }

          @Override
          public int fixKmapEnd() {
            return 16;
          }

          @Override
          public List<Region> archRegions() {
            return List.of();
          }

          @Override
          public int ptrsPerPte() {
            return 1024;
          }

          @Override
          public boolean kmapPteTablesContiguous() {
            return true;
          }

          @Override
          public long fixToVirt(int idx) {
            return fixaddrTop() + ((long) idx << pageShift());
          }
        };
      }

      @Override
      public PteCodec pteCodec() {
        return new PlainCodec();
      }

      @Override
      public KmapHooks hooks() {
        return new KmapHooks() {
          @Override
          public boolean haveAtomicIomap() {
            return true;
          }
        };
      }
    };

    assertEquals(EnumSet.of(Capability.FIX_TO_VIRT, Capability.HAVE_ATOMIC_IOMAP),
        Capability.of(variant));
    assertEquals("FIX_TO_VIRT, HAVE_ATOMIC_IOMAP", Capability.of(variant).stream()
        .map(Enum::name).sorted().collect(Collectors.joining(", ")));
  }

  private static MemoryLayout layout() {
    return MemoryLayout.builder().pageShift(12).pageOffset(0xc0000000L).maxLowmemBytes(1L << 28)
        .vmallocOffset(8L << 20).vmallocEnd(0xff000000L).pkmapBase(0xff800000L).lastPkmap(512)
        .fixaddrTop(0xfffff000L).fixaddrStart(0xfff00000L).fixKmapBegin(1).fixKmapEnd(16)
        .build();
  }

  /** A codec with only the abstract methods. */
  private static class PlainCodec implements PteCodec {
    @Override
    public int pteBits() {
      return 32;
    }

    @Override
    public long pfnPte(long pfn, long prot) {
      return pfn << 12 | prot;
    }

    @Override
    public long ptePfn(long pte) {
      return pte >>> 12;
    }

    @Override
    public boolean ptePresent(long pte) {
      return (pte & 1) != 0;
    }

    @Override
    public boolean pteWrite(long pte) {
      return (pte & 2) != 0;
    }

    @Override
    public long pageKernel() {
      return 3;
    }

    @Override
    public long maxPfn() {
      return 1L << 20;
    }

    @Override
    public String describe(long pte) {
      return "P";
    }
  }
}
