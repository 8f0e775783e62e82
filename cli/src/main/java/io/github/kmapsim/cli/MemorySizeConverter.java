// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import io.github.kmapsim.scenario.Scenario;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses a memory size as the kernel's {@code memparse()} does for {@code mem=}: a number of
 * bytes with an optional binary suffix K, M, G or T ({@code 896M}, {@code 2G}, {@code 4g}).
 */
final class MemorySizeConverter implements ITypeConverter<Long> {
  @Override
  public Long convert(String value) {
    try {
      return Scenario.memparse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
