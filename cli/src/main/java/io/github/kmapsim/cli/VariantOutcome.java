// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.api.Counters;
import java.lang.reflect.RecordComponent;
import java.util.List;

/**
 * How the demonstration went on one variant.
 *
 * @param variant the variant name
 * @param counters the counters of its scenarios' machines, summed, or {@code null} when no
 *     machine was built
 * @param problems what did not go as expected; empty when all did
 */
record VariantOutcome(String variant, Counters counters, List<String> problems) {
  VariantOutcome {
    problems = List.copyOf(problems);
  }

  boolean ok() {
    return problems.isEmpty();
  }

  /** {@code a + b}, field by field; {@code b} when {@code a} is null. */
  static Counters plus(Counters a, Counters b) {
    if (a == null) {
      return b;
    }
    RecordComponent[] fields = Counters.class.getRecordComponents();
    Object[] sum = new Object[fields.length];
    Class<?>[] types = new Class<?>[fields.length];
    try {
      for (int i = 0; i < fields.length; i++) {
        sum[i] = (long) fields[i].getAccessor().invoke(a) + (long) fields[i].getAccessor().invoke(b);
        types[i] = long.class;
      }
      return Counters.class.getDeclaredConstructor(types).newInstance(sum);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
