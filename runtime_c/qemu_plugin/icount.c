/* icount: a QEMU TCG plugin that counts the instructions a guest executes, in total and
 * per region.
 *
 * Regions: region 0 is current at start. The guest switches to region N (0 <= N < 65536)
 * by executing the marker instruction `movz xzr, #N` (encoding 0xd280001f | N << 5: a write
 * to the zero register, which compilers never emit), e.g. with xopt_region.h's
 * XOPT_REGION(N). Every executed instruction is counted in exactly one region: the marker
 * and the instructions before it in the old one, those after it in the new one. Counts are
 * summed over every entry into a region.
 *
 * Counting: each translation block adds its length to `executed` when it starts (an inline
 * add, no callback); a marker calls back to close the old region at the marker's position.
 * A block that stops early (the process exits in a system call) counts whole, as for
 * QEMU's own contrib/plugins/insn; single-threaded guests only (one shared counter).
 *
 * Output, at exit, to the file given by `outfile=PATH` or else stderr:
 *     total <instructions>
 *     region <N> <instructions>        (one line per region that executed instructions)
 *
 * Usage: qemu-aarch64 -plugin icount.so,outfile=counts.txt ./program
 * Written against QEMU 7.2's plugin API (QEMU_PLUGIN_VERSION 1); its few declarations are
 * repeated below so that no QEMU headers are needed.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* ---- the subset of QEMU's qemu-plugin.h (7.2) this plugin uses ---- */
typedef uint64_t qemu_plugin_id_t;
typedef struct {
    const char *target_name;
    struct {
        int min;
        int cur;
    } version;
    bool system_emulation;
} qemu_info_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_CB_R_REGS, QEMU_PLUGIN_CB_RW_REGS };
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index, void *userdata);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb, enum qemu_plugin_op op,
                                              void *ptr, uint64_t imm);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
                                            qemu_plugin_vcpu_udata_cb_t cb,
                                            enum qemu_plugin_cb_flags flags, void *userdata);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb,
                                    void *userdata);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *insn);
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn);

#define EXPORT __attribute__((visibility("default")))
EXPORT int qemu_plugin_version = 1;
EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                               char **argv);

/* ---- counting ---- */
#define MARKER_MASK 0xffe0001fu
#define MARKER_MATCH 0xd280001fu /* movz xzr, #imm16 */
#define REGIONS 65536

static uint64_t executed;         /* instructions of every block started so far */
static uint64_t region_start;     /* `executed` when the current region began */
static uint32_t current_region;
static uint64_t region_counts[REGIONS];
static char outfile[4096];

/* A marker: `userdata` packs the new region (low 16 bits) and how many instructions of
 * its block follow it (already in `executed`, but belonging to the new region). */
static void on_marker(unsigned int vcpu_index, void *userdata)
{
    (void)vcpu_index;
    const uintptr_t packed = (uintptr_t)userdata;
    const uint64_t after = packed >> 16, end = executed - after;
    region_counts[current_region] += end - region_start;
    region_start = end;
    current_region = (uint32_t)(packed & 0xffffu);
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    (void)id;
    const size_t n = qemu_plugin_tb_n_insns(tb);
    qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &executed, n);
    for (size_t i = 0; i < n; ++i) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint32_t word;
        if (qemu_plugin_insn_size(insn) != sizeof word) {
            continue;
        }
        memcpy(&word, qemu_plugin_insn_data(insn), sizeof word);
        if ((word & MARKER_MASK) == MARKER_MATCH) {
            const uintptr_t packed = ((uintptr_t)(n - i - 1) << 16) | ((word >> 5) & 0xffffu);
            qemu_plugin_register_vcpu_insn_exec_cb(insn, on_marker, QEMU_PLUGIN_CB_NO_REGS,
                                                   (void *)packed);
        }
    }
}

static void on_guest_exit(qemu_plugin_id_t id, void *userdata)
{
    (void)id;
    (void)userdata;
    region_counts[current_region] += executed - region_start;
    FILE *out = outfile[0] != '\0' ? fopen(outfile, "w") : stderr;
    if (out == NULL) {
        fprintf(stderr, "icount: cannot write %s\n", outfile);
        return;
    }
    fprintf(out, "total %" PRIu64 "\n", executed);
    for (uint32_t r = 0; r < REGIONS; ++r) {
        if (region_counts[r] != 0) {
            fprintf(out, "region %" PRIu32 " %" PRIu64 "\n", r, region_counts[r]);
        }
    }
    if (out != stderr) {
        fclose(out);
    }
}

EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                               char **argv)
{
    (void)info;
    for (int i = 0; i < argc; ++i) {
        if (strncmp(argv[i], "outfile=", 8) == 0) {
            snprintf(outfile, sizeof outfile, "%s", argv[i] + 8);
        } else {
            fprintf(stderr, "icount: unknown argument '%s' (expected outfile=PATH)\n", argv[i]);
            return -1;
        }
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
    qemu_plugin_register_atexit_cb(id, on_guest_exit, NULL);
    return 0;
}
