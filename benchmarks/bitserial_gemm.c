/* Bit-serial GEMM for low-bit activations and weights, measured against runtime_c/neon's
 * unpack-to-sdot kernels by subbyte_kernels_icount.py (which builds it into its program;
 * it loses at every shape and width measured, so no build uses it).
 *
 * Kernels xopt_neon_{conv2d_pointwise,fully_connected}_bitserial_aA_wW for activations of
 * a signed A-bit and weights of a signed W-bit range (A, W in {2, 4}; activations stored one
 * int8 per value): the contracts of xopt_neon.h's pointwise conv and fully connected, with
 * the weights as bit planes: the matrix W[n][k] zero-padded to round_up(n, 4) rows and
 * round_up(k, 128) columns; row r, 128-column chunk c, plane j (bit j of the two's-complement
 * values) is 16 bytes at ((r chunks + c) W + j) 16, where bit t of byte b is bit j of
 * W[r][128 c + 16 t + b]. Activation rows are split into planes the same way at run time,
 * into a stack scratch of XOPT_NEON_BITSERIAL_BYTES that must hold 2 rows:
 * 2 round_up(k, 128) / 8 A bytes.
 *
 * Rows of activations become bit planes at run time, weights are bit planes at compile
 * time, and sum_k x w = sum over plane pairs (i, j) of s_i 2^i s_j 2^j
 * popcount(x_i & w_j), s the two's-complement sign of a plane (-1 for the top one). Per
 * 128 k and plane pair: one AND, one CNT, and either one MLA/MLS (combining a row's weight
 * planes in int8, Horner) or one SDOT (adding an activation plane's combination into int32
 * with its weight s_i 2^i). */
#include "xopt_neon_internal.h"

#define XOPT_NEON_BITSERIAL_BYTES 16384

#define CHUNK 128 /* k values per plane vector: bit t of byte b is value 16 t + b */

/* Where the GEMM's rows are: row i at x + (i / width) row_step + (i % width) col_step. */
typedef struct {
    const int8_t *x;
    int32_t width;
    int64_t row_step, col_step;
} rows;

/* The `bits` planes of the k values at `row` (zero after k), chunk by chunk: chunk c,
 * plane i at dst + (c bits + i) 16. */
XOPT_NEON_INLINE void row_planes(const int8_t *row, int32_t k, const int bits, uint8_t *dst)
{
    for (int32_t c = 0; c * CHUNK < k; ++c, dst += 16 * bits) {
        uint8x16_t v[8];
        for (int t = 0; t < 8; ++t) {
            const int32_t first = c * CHUNK + 16 * t, left = k - first;
            const int8x16_t s = left > 0 ? xopt_neon_load_partial(row + first, left)
                                         : vdupq_n_s8(0);
            v[t] = vreinterpretq_u8_s8(s);
        }
        for (int i = 0; i < bits; ++i) {
            /* bit i of v[t] to the top, then shifted in from the top: ends at bit t */
            const int8x16_t to_top = vdupq_n_s8((int8_t)(7 - i));
            uint8x16_t plane = vshlq_u8(v[0], to_top);
            for (int t = 1; t < 8; ++t) {
                plane = vsriq_n_u8(vshlq_u8(v[t], to_top), plane, 1);
            }
            vst1q_u8(dst + 16 * i, plane);
        }
    }
}

/* The plane-pair counts of activation plane `xi` against the wb weight planes `w` of one
 * row, combined in int8 lanes: sum_j s_j 2^j popcount(xi & w_j) per byte (|.| <= 64). */
XOPT_NEON_INLINE int8x16_t weight_combination(const int wb, uint8x16_t xi, const uint8x16_t *w)
{
    const int8x16_t two = vdupq_n_s8(2);
    int8x16_t t = vreinterpretq_s8_u8(vcntq_u8(vandq_u8(xi, w[wb - 1])));
    t = vmlsq_s8(vreinterpretq_s8_u8(vcntq_u8(vandq_u8(xi, w[wb - 2]))), t, two);
    for (int j = wb - 3; j >= 0; --j) {
        t = vmlaq_s8(vreinterpretq_s8_u8(vcntq_u8(vandq_u8(xi, w[j]))), t, two);
    }
    return t;
}

/* sum_k x w of rows m in [0, mr) (planes at xp, x_bytes apart) and the 4 weight rows at
 * wp (w_bytes apart), over `chunks` chunks: out[m] lane r. */
XOPT_NEON_INLINE void tile_sums(const int xb, const int wb, const int mr, const uint8_t *xp,
                                int64_t x_bytes, const uint8_t *wp, int64_t w_bytes,
                                int32_t chunks, int32x4_t out[2])
{
    int8x16_t coef[4];
    for (int i = 0; i < xb; ++i) {
        coef[i] = vdupq_n_s8((int8_t)(i == xb - 1 ? -(1 << i) : 1 << i));
    }
    int32x4_t acc[2][4];
    for (int m = 0; m < mr; ++m) {
        for (int r = 0; r < 4; ++r) {
            acc[m][r] = vdupq_n_s32(0);
        }
    }
    for (int32_t c = 0; c < chunks; ++c) {
        uint8x16_t x[2][4];
        for (int m = 0; m < mr; ++m) {
            for (int i = 0; i < xb; ++i) {
                x[m][i] = vld1q_u8(xp + m * x_bytes + (c * xb + i) * 16);
            }
        }
        for (int r = 0; r < 4; ++r) {
            uint8x16_t w[4];
            for (int j = 0; j < wb; ++j) {
                w[j] = vld1q_u8(wp + r * w_bytes + (c * wb + j) * 16);
            }
            for (int m = 0; m < mr; ++m) {
                for (int i = 0; i < xb; ++i) {
                    acc[m][r] = vdotq_s32(acc[m][r], weight_combination(wb, x[m][i], w), coef[i]);
                }
            }
        }
    }
    for (int m = 0; m < mr; ++m) {
        out[m] = vpaddq_s32(vpaddq_s32(acc[m][0], acc[m][1]), vpaddq_s32(acc[m][2], acc[m][3]));
    }
}

/* Rows [first, first + mr) (planes in `planes`) times every weight row, requantized 16
 * columns at a time (weight rows, bias and requantization are padded to whole blocks). */
XOPT_NEON_INLINE void rows_times_weights(const int xb, const int wb, const int mr,
                                         const int pre, const xopt_neon_gemm_b *b,
                                         const uint8_t *planes, int32_t chunks, int8_t *y)
{
    const int64_t x_bytes = (int64_t)chunks * xb * 16, w_bytes = (int64_t)chunks * wb * 16;
    const uint8_t *wp = (const uint8_t *)b->weight;
    const xopt_neon_out o = xopt_neon_out_load(b->requant);
    for (int32_t col = 0; col < b->n; col += 16) {
        int32x4_t sums[4][2];
        const int groups = b->n - col >= 16 ? 4 : (b->n - col + 3) / 4;
        for (int g = 0; g < 4; ++g) {
            sums[g][0] = sums[g][1] = vdupq_n_s32(0);
            if (g < groups) {
                tile_sums(xb, wb, mr, planes, x_bytes, wp, w_bytes, chunks, sums[g]);
                wp += 4 * w_bytes;
            }
        }
        const int32x4x4_t bias = vld1q_s32_x4(b->bias + col);
        int32x4_t r[2][4];
        for (int g = 0; g < 4; ++g) {
            const xopt_neon_rq4 rq = xopt_neon_rq4_make(b->requant->multiplier + col + 4 * g,
                                                        b->requant->shift + col + 4 * g, pre);
            for (int m = 0; m < mr; ++m) {
                r[m][g] = xopt_neon_rescale(vaddq_s32(sums[g][m], bias.val[g]), rq, pre);
            }
        }
        const int32_t width = b->n - col < 16 ? b->n - col : 16;
        for (int m = 0; m < mr; ++m) {
            const int8x16_t q = xopt_neon_narrow(r[m][0], r[m][1], r[m][2], r[m][3], o);
            xopt_neon_store_partial(y + m * b->n + col, q, width);
        }
    }
}

/* y[i] = requant(bias' + sum_k row_i[k] W[n][k]) for i < m, in blocks of rows whose planes
 * fill the stack scratch. */
XOPT_NEON_INLINE void bitserial(const int xb, const int wb, const int pre,
                                const xopt_neon_gemm_b *b, const rows src, int32_t m, int8_t *y)
{
    uint8_t planes[XOPT_NEON_BITSERIAL_BYTES];
    const int32_t chunks = (b->k + CHUNK - 1) / CHUNK;
    const int64_t x_bytes = (int64_t)chunks * xb * 16;
    const int32_t block = (int32_t)(XOPT_NEON_BITSERIAL_BYTES / x_bytes) & ~1;
    for (int32_t first = 0; first < m; first += block) {
        const int32_t count = m - first < block ? m - first : block;
        for (int32_t i = 0; i < count; ++i) {
            const int32_t row = first + i;
            const int8_t *x = src.x + (row / src.width) * src.row_step +
                              (row % src.width) * src.col_step;
            row_planes(x, b->k, xb, planes + i * x_bytes);
        }
        int8_t *yb = y + (int64_t)first * b->n;
        int32_t i = 0;
        for (; i + 2 <= count; i += 2) {
            rows_times_weights(xb, wb, 2, pre, b, planes + i * x_bytes, chunks, yb + i * b->n);
        }
        if (i < count) {
            rows_times_weights(xb, wb, 1, pre, b, planes + i * x_bytes, chunks, yb + i * b->n);
        }
    }
}

static rows pointwise_rows(const xopt_conv2d_params *p, const int8_t *x)
{
    const rows r = {x, p->out_w, (int64_t)p->stride_h * p->in_w * p->in_c,
                    (int64_t)p->stride_w * p->in_c};
    return r;
}

/* The pointwise and fully connected kernels of activation width XB and weight width WB. */
#define BITSERIAL_KERNELS(XB, WB)                                                             \
    static void bitserial_a##XB##_w##WB(const xopt_neon_gemm_b *b, const rows src, int32_t m, \
                                        int8_t *y)                                            \
    {                                                                                         \
        if (b->pre_shift) {                                                                   \
            bitserial(XB, WB, 1, b, src, m, y);                                               \
        } else {                                                                              \
            bitserial(XB, WB, 0, b, src, m, y);                                               \
        }                                                                                     \
    }                                                                                         \
    void xopt_neon_conv2d_pointwise_bitserial_a##XB##_w##WB(const xopt_conv2d_params *p,      \
                                                           const int8_t *x, int8_t *y)       \
    {                                                                                         \
        const xopt_neon_gemm_b b = {p->in_c,    p->out_c,    WB,                              \
                                    p->weight,  p->bias,     &p->requant,                     \
                                    xopt_neon_needs_pre_shift(&p->requant, p->out_c)};        \
        bitserial_a##XB##_w##WB(&b, pointwise_rows(p, x), p->out_h * p->out_w, y);           \
    }                                                                                         \
    void xopt_neon_fully_connected_bitserial_a##XB##_w##WB(                                   \
        const xopt_fully_connected_params *p, const int8_t *x, int8_t *y)                    \
    {                                                                                         \
        const xopt_neon_gemm_b b = {p->in_features, p->out_features, WB,                      \
                                    p->weight,      p->bias,         &p->requant,             \
                                    xopt_neon_needs_pre_shift(&p->requant, p->out_features)}; \
        const rows src = {x, 1, p->in_features, 0};                                           \
        bitserial_a##XB##_w##WB(&b, src, p->rows, y);                                         \
    }

BITSERIAL_KERNELS(2, 2)
BITSERIAL_KERNELS(2, 4)
BITSERIAL_KERNELS(4, 2)
BITSERIAL_KERNELS(4, 4)
