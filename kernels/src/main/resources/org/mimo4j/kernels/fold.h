// The work-group fold shared by reduce.cl, norm.cl and loss.cl (their one-group-per-line reductions);
// ClProgramBuilder.resource puts this file in place of its #include line.
// FOLD(NAME, COMBINE) defines NAME(part): part[0, L) into part[0] (L = get_local_size(0), any L, not only
// powers of two) by COMBINE, in a fixed order that depends only on L: each round combines the upper half
// (rounded down) into the lower. Every item of the work-group must call it; it ends with a barrier, so all
// of them can then read part[0]. fold sums; norm.cl defines fold_max with fmax.
#define FOLD(NAME, COMBINE) \
void NAME(__local float* part) { \
    int t = get_local_id(0); \
    for (int s = get_local_size(0); s > 1;) { \
        int h = (s + 1) / 2; \
        barrier(CLK_LOCAL_MEM_FENCE); \
        if (t < s - h) { \
            part[t] = COMBINE(part[t], part[t + h]); \
        } \
        s = h; \
    } \
    barrier(CLK_LOCAL_MEM_FENCE); \
}
#define FOLD_ADD(a, b) ((a) + (b))
FOLD(fold, FOLD_ADD)
