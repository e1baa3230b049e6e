// What matmul.cl and conv2d.cl share at their top: the GEMM tile's build options (ClTuning sets TM and NV,
// and BK on GPU builds; these defaults are the 8 x 32 tile) and the headers both use.
// ClProgramBuilder.resource puts this file in place of its #include line.
#ifndef TM
#define TM 8
#endif
#ifndef NV
#define NV 2
#endif
#define TN (16 * NV)
#ifdef BK
#include "pack.h"
#endif
#include "grid.h"
