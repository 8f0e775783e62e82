// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
/**
 * kmapsim's architecture rules ({@code io.github.kmapsim.archunit}), which a third-party
 * architecture jar runs against its own plugin package. Their API is ArchUnit's {@code ArchRule},
 * so ArchUnit is required transitively; it is an automatic module, and the warnings that say so
 * are suppressed here. Nothing of kmapsim is needed: the rules name its packages.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.github.kmapsim.archunit {
  requires transitive com.tngtech.archunit;

  exports io.github.kmapsim.archunit;
}
