# Reference values for the tests across groups (analysis/stats/group_tests.py), from R 4.x with the
# survey package (4.1.1), on the seeded fixture of make_group_tests_fixture.py.
# Command (from the repository root):
#   python tests/reference/make_group_tests_fixture.py
#   Rscript tests/reference/group_tests_reference.R > tests/reference/group_tests_reference.csv
suppressMessages(library(survey))
d <- read.csv("tests/reference/group_tests_fixture.csv")
d$sector <- factor(d$sector, levels = c("Childrens", "Health", "Education", "Other"))
d$yes <- factor(d$yes, levels = c(1, 0))
out <- data.frame()
num <- function(x) sprintf("%.17g", x)
put <- function(case, quantity, value) out <<- rbind(out, data.frame(case = case, quantity = quantity, value = num(value)))

# unweighted, every group: chisq.test warns "Chi-squared approximation may be incorrect"
all4 <- table(d$sector, d$yes)
warned <- FALSE
p4 <- withCallingHandlers(chisq.test(all4, correct = FALSE),
                          warning = function(w) { warned <<- TRUE; invokeRestart("muffleWarning") })
put("unweighted_all", "X-squared", p4$statistic); put("unweighted_all", "df", p4$parameter)
put("unweighted_all", "p", p4$p.value); put("unweighted_all", "min_expected", min(p4$expected))
put("unweighted_all", "warned", as.numeric(warned))
put("unweighted_all", "fisher_p", fisher.test(all4)$p.value)
set.seed(20140128)
put("unweighted_all", "simulated_p_B200000", chisq.test(all4, correct = FALSE, simulate.p.value = TRUE, B = 200000)$p.value)
# unweighted, the tiny group left out
d3 <- droplevels(d[d$sector != "Other", ])
p3 <- chisq.test(table(d3$sector, d3$yes), correct = FALSE)
put("unweighted_without_other", "X-squared", p3$statistic); put("unweighted_without_other", "df", p3$parameter)
put("unweighted_without_other", "p", p3$p.value); put("unweighted_without_other", "min_expected", min(p3$expected))

# weighted (weights only), the tiny group left out: the three statistics as svychisq prints them
des <- svydesign(ids = ~1, weights = ~weight, data = d)
sub <- subset(des, sector != "Other")
sub$variables$sector <- droplevels(sub$variables$sector)
put("weighted_without_other", "rows_in_design", nrow(sub$variables))
f <- svychisq(~sector + yes, sub, statistic = "F")
put("weighted_without_other", "F", f$statistic); put("weighted_without_other", "F_ndf", f$parameter[1])
put("weighted_without_other", "F_ddf", f$parameter[2]); put("weighted_without_other", "F_p", f$p.value)
ch <- svychisq(~sector + yes, sub, statistic = "Chisq")
put("weighted_without_other", "Chisq_printed_X-squared", ch$statistic)
put("weighted_without_other", "Chisq_df", ch$parameter[1]); put("weighted_without_other", "Chisq_p", ch$p.value)
write.csv(out, row.names = FALSE, quote = FALSE)
