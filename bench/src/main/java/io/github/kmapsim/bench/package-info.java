// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * JMH benchmarks of kmapsim's hot paths on the {@code x86} variant, each beside a floor: the same
 * stores or loads done by bare code on {@code long[]}s, so that the cost the simulator adds over
 * plain memory traffic can be read as a ratio. Build with {@code mvn -pl bench package} and run
 * {@code java -jar bench/target/benchmarks.jar -prof gc}; {@code bench/README.md} has the figures.
 */
package io.github.kmapsim.bench;
