/** The MIPS32 plugin (variants mips, mips-16k); its variants arrive with issue 3. */
package io.github.kmapsim.arch.mips;
