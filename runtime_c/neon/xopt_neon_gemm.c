/* The sdot GEMM core (tiles of 4 rows, or 1 for the last rows, by 16 or 8 columns, k in
 * steps of 16) on int8 or packed int4 / int2 weights, and the kernels that are one GEMM:
 * 1x1 pointwise conv2d and fully_connected. */
#include "xopt_neon_internal.h"

/* Bytes of one 4-wide k group of a block of 4 nv rows of `bits`-bit weights. */
XOPT_NEON_INLINE int32_t group_bytes(const int bits, const int nv)
{
    return nv == 4 ? 8 * bits : bits == 8 ? 32 : 16;
}

/* The nv weight vectors of one 4-wide k group from `bits`-bit packed weights (xopt_neon.h's
 * packed 16x4 blocks; an 8-row block holds nibbles at either width): field f of packed
 * vector q is vector q * 8 / bits + f, sign-extended by shifting it to the top of the
 * byte and back. */
XOPT_NEON_INLINE void unpack_weights(const int bits, const int nv, const int8_t *w,
                                     int8x16_t out[4])
{
    if (nv == 2) {
        const int8x16_t v = vld1q_s8(w);
        out[0] = vshrq_n_s8(vshlq_n_s8(v, 4), 4), out[1] = vshrq_n_s8(v, 4);
    } else if (bits == 4) {
        const int8x16x2_t v = vld1q_s8_x2(w);
        out[0] = vshrq_n_s8(vshlq_n_s8(v.val[0], 4), 4), out[1] = vshrq_n_s8(v.val[0], 4);
        out[2] = vshrq_n_s8(vshlq_n_s8(v.val[1], 4), 4), out[3] = vshrq_n_s8(v.val[1], 4);
    } else {
        const int8x16_t v = vld1q_s8(w);
        out[0] = vshrq_n_s8(vshlq_n_s8(v, 6), 6), out[1] = vshrq_n_s8(vshlq_n_s8(v, 4), 6);
        out[2] = vshrq_n_s8(vshlq_n_s8(v, 2), 6), out[3] = vshrq_n_s8(v, 6);
    }
}

/* Loads the nv (2 or 4) weight vectors of one 4-wide k group. */
XOPT_NEON_INLINE void load_weights(const int bits, const int nv, const int8_t *w,
                                   int8x16_t out[4])
{
    if (bits < 8) {
        unpack_weights(bits, nv, w, out);
    } else if (nv == 4) {
        const int8x16x4_t v = vld1q_s8_x4(w);
        out[0] = v.val[0], out[1] = v.val[1], out[2] = v.val[2], out[3] = v.val[3];
    } else {
        const int8x16x2_t v = vld1q_s8_x2(w);
        out[0] = v.val[0], out[1] = v.val[1];
    }
}

/* acc[i][v] += the 4 k entries of lane LANE of x[i] times the weights of the next k group
 * (group_bytes at w; the lane must be a literal for the intrinsic). */
#define DOT_GROUP(LANE)                                                                    \
    do {                                                                                   \
        int8x16_t wv[4];                                                                   \
        load_weights(bits, nv, w, wv);                                                     \
        w += group_bytes(bits, nv);                                                        \
        for (int v = 0; v < nv; ++v) {                                                     \
            for (int i = 0; i < mr; ++i) {                                                 \
                acc[i][v] = vdotq_laneq_s32(acc[i][v], wv[v], x[i], LANE);                 \
            }                                                                              \
        }                                                                                  \
    } while (0)

/* A GEMM's constants as locals (by value), so that int8 stores cannot alias them. */
typedef struct {
    int32_t k, n;
    const int8_t *weight;
    const int32_t *bias, *multiplier, *shift;
    xopt_neon_out out;
    int32_t k_first, k_stride;
    int acc_load, acc_store;
} plan;

/* Row i's int32 sums of `width` (<= 16) columns: loaded into acc, stored from it. */
XOPT_NEON_INLINE void acc_load(int32x4_t acc[4], const int32_t *row, int32_t width)
{
    if (width == 16) {
        const int32x4x4_t v = vld1q_s32_x4(row);
        acc[0] = v.val[0], acc[1] = v.val[1], acc[2] = v.val[2], acc[3] = v.val[3];
        return;
    }
    int32_t v[16] = {0};
    memcpy(v, row, (size_t)width * sizeof *v);
    for (int q = 0; q < 4; ++q) {
        acc[q] = vld1q_s32(v + 4 * q);
    }
}

XOPT_NEON_INLINE void acc_store(int32_t *row, const int32x4_t acc[4], int32_t width)
{
    if (width == 16) {
        const int32x4x4_t v = {{acc[0], acc[1], acc[2], acc[3]}};
        vst1q_s32_x4(row, v);
        return;
    }
    int32_t v[16];
    for (int q = 0; q < 4; ++q) {
        vst1q_s32(v + 4 * q, acc[q]);
    }
    memcpy(row, v, (size_t)width * sizeof *v);
}

/* One tile: rows a[0 .. mr) times the 4 nv columns from `col` (`bits`-bit weights packed
 * at w), stored to y[i] + col, `width` bytes per row (with `acc`: int32 sums to sums[i] +
 * col when g.acc_store; started from them when g.acc_load). */
XOPT_NEON_INLINE void gemm_tile(const int bits, const int mr, const int nv, const int pre,
                                const int acc_sums, const plan g, int32_t col, int32_t width,
                                const int8_t *const *a, int8_t *const *y, int32_t *const *sums,
                                const int8_t *w)
{
    /* One bias load per row: cheaper than copying one load into every row's registers. */
    int32x4_t acc[4][4];
    for (int i = 0; i < mr; ++i) {
        if (nv == 2) {
            acc[i][2] = acc[i][3] = vdupq_n_s32(0); /* stored by acc_store, never read */
        }
        if (acc_sums && g.acc_load) {
            acc_load(acc[i], sums[i] + col, width);
        } else if (nv == 4) {
            const int32x4x4_t bias = vld1q_s32_x4(g.bias + col);
            acc[i][0] = bias.val[0], acc[i][1] = bias.val[1];
            acc[i][2] = bias.val[2], acc[i][3] = bias.val[3];
        } else {
            const int32x4x2_t bias = vld1q_s32_x2(g.bias + col);
            acc[i][0] = bias.val[0], acc[i][1] = bias.val[1];
        }
    }
    int8x16_t x[4];
    int32_t k = 0;
    for (; k + 16 <= g.k; k += 16) {
        for (int i = 0; i < mr; ++i) {
            x[i] = vld1q_s8(a[i] + k);
        }
        DOT_GROUP(0);
        DOT_GROUP(1);
        DOT_GROUP(2);
        DOT_GROUP(3);
    }
    const int32_t rest = g.k - k;
    if (rest > 0) {
        for (int i = 0; i < mr; ++i) {
            x[i] = xopt_neon_load_partial(a[i] + k, rest);
        }
        DOT_GROUP(0);
        if (rest > 4) {
            DOT_GROUP(1);
        }
        if (rest > 8) {
            DOT_GROUP(2);
        }
        if (rest > 12) {
            DOT_GROUP(3);
        }
    }
    if (acc_sums && g.acc_store) {
        for (int i = 0; i < mr; ++i) {
            acc_store(sums[i] + col, acc[i], width);
        }
        return;
    }
    xopt_neon_rq4 rq[4];
    for (int v = 0; v < nv; ++v) {
        rq[v] = xopt_neon_rq4_make(g.multiplier + col + 4 * v, g.shift + col + 4 * v, pre);
    }
    for (int i = 0; i < mr; ++i) {
        int32x4_t r[4] = {vdupq_n_s32(0), vdupq_n_s32(0), vdupq_n_s32(0), vdupq_n_s32(0)};
        for (int v = 0; v < nv; ++v) {
            r[v] = xopt_neon_rescale(acc[i][v], rq[v], pre);
        }
        const int8x16_t q = xopt_neon_narrow(r[0], r[1], r[2], r[3], g.out);
        xopt_neon_store_partial(y[i] + col, q, width);
    }
}

/* Every column block of rows a[0 .. mr): 16 columns, the last block 8 when that covers it. */
XOPT_NEON_INLINE void gemm_rows(const int bits, const int mr, const int pre, const int acc_sums,
                                const plan g, const int8_t *const *a, int8_t *const *y,
                                int32_t *const *sums)
{
    const int32_t groups = g.k_first / 4;
    const int8_t *w = g.weight;
    int32_t col = 0;
    for (; col + 16 <= g.n; col += 16, w += 2 * bits * g.k_stride) {
        gemm_tile(bits, mr, 4, pre, acc_sums, g, col, 16, a, y, sums,
                  w + groups * group_bytes(bits, 4));
    }
    if (g.n - col > 8) {
        gemm_tile(bits, mr, 4, pre, acc_sums, g, col, g.n - col, a, y, sums,
                  w + groups * group_bytes(bits, 4));
    } else if (g.n > col) {
        gemm_tile(bits, mr, 2, pre, acc_sums, g, col, g.n - col, a, y, sums,
                  w + groups * group_bytes(bits, 2));
    }
}

/* The whole GEMM: blocks of 4 rows, then the last 1 to 3 rows one at a time. `acc_sums`
 * (a constant in every instantiation, like bits and pre): the GEMM may start from or store
 * int32 sums, so the code without them tests nothing for it. */
XOPT_NEON_INLINE void gemm(const int bits, const int pre, const int acc_sums, const plan g,
                           int32_t m,
                           const int8_t *a, int64_t a_stride, int8_t *y, int64_t y_stride,
                           int32_t *sums, int64_t sums_stride)
{
    int32_t first = 0;
    for (; first + 4 <= m; first += 4) {
        const int8_t *ai[4];
        int8_t *yi[4];
        int32_t *si[4];
        for (int i = 0; i < 4; ++i) {
            ai[i] = a + (first + i) * a_stride;
            yi[i] = y + (first + i) * y_stride;
            si[i] = sums != NULL ? sums + (first + i) * sums_stride : NULL;
        }
        gemm_rows(bits, 4, pre, acc_sums, g, ai, yi, si);
    }
    for (; first < m; ++first) {
        const int8_t *ai = a + first * a_stride;
        int8_t *yi = y + first * y_stride;
        int32_t *si = sums != NULL ? sums + first * sums_stride : NULL;
        gemm_rows(bits, 1, pre, acc_sums, g, &ai, &yi, &si);
    }
}

/* One instantiation of `gemm` per weight width, requantization path and int32 sums. */
typedef void (*gemm_variant)(const plan, int32_t, const int8_t *, int64_t, int8_t *, int64_t,
                             int32_t *, int64_t);
#define GEMM_VARIANT(NAME, BITS, PRE, ACC)                                                 \
    static void NAME(const plan g, int32_t m, const int8_t *a, int64_t a_stride, int8_t *y, \
                     int64_t y_stride, int32_t *sums, int64_t sums_stride)                 \
    {                                                                                      \
        gemm(BITS, PRE, ACC, g, m, a, a_stride, y, y_stride, sums, sums_stride);           \
    }
#define GEMM_VARIANTS(BITS)                                                                \
    GEMM_VARIANT(gemm_w##BITS, BITS, 0, 0)                                                 \
    GEMM_VARIANT(gemm_w##BITS##_pre_shift, BITS, 1, 0)                                     \
    GEMM_VARIANT(gemm_w##BITS##_sums, BITS, 0, 1)                                          \
    GEMM_VARIANT(gemm_w##BITS##_pre_shift_sums, BITS, 1, 1)
GEMM_VARIANTS(8)
GEMM_VARIANTS(4)
GEMM_VARIANTS(2)

/* [sums][weight width: 8, 4, 2][pre_shift] */
static const gemm_variant VARIANTS[2][3][2] = {
    {{gemm_w8, gemm_w8_pre_shift}, {gemm_w4, gemm_w4_pre_shift}, {gemm_w2, gemm_w2_pre_shift}},
    {{gemm_w8_sums, gemm_w8_pre_shift_sums},
     {gemm_w4_sums, gemm_w4_pre_shift_sums},
     {gemm_w2_sums, gemm_w2_pre_shift_sums}},
};

void xopt_neon_gemm(const xopt_neon_gemm_b *b, int32_t m, const int8_t *a, int64_t a_stride,
                    int8_t *y, int64_t y_stride)
{
    const plan g = {b->k,
                    b->n,
                    b->weight,
                    b->bias,
                    b->requant->multiplier,
                    b->requant->shift,
                    xopt_neon_out_load(b->requant),
                    b->k_first,
                    b->k_stride > 0 ? b->k_stride : (b->k + 3) & ~3,
                    b->acc_load,
                    b->acc_store};
    const int width = b->weight_bits == 2 ? 2 : b->weight_bits == 4 ? 1 : 0;
    const int sums = b->acc != NULL && (b->acc_load || b->acc_store);
    VARIANTS[sums][width][b->pre_shift != 0](g, m, a, a_stride, y, y_stride, b->acc,
                                             b->acc_stride);
}

static void pointwise(const xopt_conv2d_params *p, const int8_t *x, int8_t *y, int bits)
{
    const xopt_neon_gemm_b b =
        xopt_neon_gemm_whole(p->in_c, p->out_c, bits, p->weight, p->bias, &p->requant);
    if (p->stride_h == 1 && p->stride_w == 1 && p->out_w == p->in_w) {
        xopt_neon_gemm(&b, p->out_h * p->out_w, x, p->in_c, y, p->out_c);
        return;
    }
    const int64_t in_row = (int64_t)p->stride_h * p->in_w * p->in_c;
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
        xopt_neon_gemm(&b, p->out_w, x + oy * in_row, (int64_t)p->stride_w * p->in_c,
                       y + (int64_t)oy * p->out_w * p->out_c, p->out_c);
    }
}

static void fully_connected(const xopt_fully_connected_params *p, const int8_t *x, int8_t *y,
                            int bits)
{
    const xopt_neon_gemm_b b = xopt_neon_gemm_whole(p->in_features, p->out_features, bits,
                                                    p->weight, p->bias, &p->requant);
    xopt_neon_gemm(&b, p->rows, x, p->in_features, y, p->out_features);
}

void xopt_neon_conv2d_pointwise_s8_s8(const xopt_conv2d_params *p, const int8_t *x, int8_t *y)
{
    pointwise(p, x, y, 8);
}

void xopt_neon_conv2d_pointwise_s8_s8_w4(const xopt_conv2d_params *p, const int8_t *x,
                                         int8_t *y)
{
    pointwise(p, x, y, 4);
}

void xopt_neon_conv2d_pointwise_s8_s8_w2(const xopt_conv2d_params *p, const int8_t *x,
                                         int8_t *y)
{
    pointwise(p, x, y, 2);
}

void xopt_neon_fully_connected_s8_s8(const xopt_fully_connected_params *p, const int8_t *x,
                                     int8_t *y)
{
    fully_connected(p, x, y, 8);
}

void xopt_neon_fully_connected_s8_s8_w4(const xopt_fully_connected_params *p, const int8_t *x,
                                        int8_t *y)
{
    fully_connected(p, x, y, 4);
}

void xopt_neon_fully_connected_s8_s8_w2(const xopt_fully_connected_params *p, const int8_t *x,
                                        int8_t *y)
{
    fully_connected(p, x, y, 2);
}
