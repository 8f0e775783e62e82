// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kmapsim.core.ArchRegistry;
import io.github.kmapsim.core.KmapSim;
import io.github.kmapsim.spi.ArchPlugin;
import io.github.kmapsim.spi.ArchVariant;
import io.github.kmapsim.spi.KmapHooks;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The demonstration fails (exit code 1) on a port that breaks the rules: x86 whose
 * arch_kmap_local_post_unmap forgets flush_tlb_one_kernel. After __kmap_local_sched_out the
 * reader's map at writer's old slot address hits writer's stale TLB entry: the context-switch
 * scenario reports a diagnostic it does not expect.
 */
class BrokenPortTest {

  @Test
  void aPortWithoutTheTlbFlushAfterUnmapFailsTheDemo() {
    ArchVariant x86 = KmapSim.variant("x86");
    ArchVariant broken = delegate(ArchVariant.class, x86, "hooks",
        delegate(KmapHooks.class, x86.hooks(), "postUnmap", null));
    StringWriter text = new StringWriter();
    int code = new DemoRunner(new PrintWriter(text, true), registryOf(broken))
        .run(List.of("x86"));
    String out = text.toString();
    assertEquals(ExitCodes.FAILED, code, out);
    assertTrue(out.contains("KMAP-W009"), out);
    assertTrue(out.contains("UNEXPECTED: 01-context-switch.ksim: unexpected KMAP-W009"), out);
    assertTrue(out.contains("1 variant(s) did not run as designed"), out);
  }

  @Test
  void demoJsonNamesTheVariantThatDidNotRunAsDesigned() {
    ArchVariant x86 = KmapSim.variant("x86");
    ArchVariant broken = delegate(ArchVariant.class, x86, "hooks",
        delegate(KmapHooks.class, x86.hooks(), "postUnmap", null));
    StringWriter text = new StringWriter();
    int code = new DemoRunner(new PrintWriter(text, true), registryOf(broken))
        .runJson(List.of("x86"));
    assertEquals(ExitCodes.FAILED, code, text.toString());
    assertEquals(1, text.toString().lines().count(), text.toString());
    Map<String, Object> root = JsonParser.object(text.toString());
    assertEquals(1L, root.get("exitCode"));
    Map<?, ?> row = (Map<?, ?>) ((List<?>) root.get("variants")).get(0);
    assertEquals(false, row.get("ok"));
    assertTrue(((String) row.get("result")).endsWith(" unexpected"), row.toString());
    assertTrue(row.get("problems").toString().contains("unexpected KMAP-W009"), row.toString());
  }

  /** A registry whose one plugin offers {@code variant}. */
  private static ArchRegistry registryOf(ArchVariant variant) {
    return ArchRegistry.of(List.of(new ArchPlugin() {
      @Override
      public String id() {
        return "broken";
      }

      @Override
      public List<ArchVariant> variants() {
        return List.of(variant);
      }
    }));
  }

  /** A proxy for {@code target} whose method {@code name} returns {@code replacement}. */
  private static <T> T delegate(Class<T> type, T target, String name, Object replacement) {
    Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        (p, method, args) -> {
          if (method.getName().equals(name)) {
            return replacement;
          }
          try {
            return method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    return type.cast(proxy);
  }
}
