# Reference values for pairwise comparisons on designed and raked samples, and for single-PSU
# strata combined with raking, from R's survey package.
# R version 4.2.2 Patched (2022-11-10 r83330), survey 4.1.1 (Debian's r-cran-survey).
# Command (from the repository root):
#   Rscript tests/reference/calibrated_reference.R > tests/reference/calibrated_reference.csv
#
# Pairwise comparisons: svyttest(y ~ I(group == second), subset(design, base & group in pair)),
# i.e. a t test of the difference of the two domain means on degf(subset) - 1 degrees of freedom
# (svyglm's residual degrees of freedom). "difference" is first minus second group, so the sign
# of R's coefficient and t are flipped.
# Fixtures: tests/reference/survey_fixture.csv (make_survey_fixture.py; the 2018 wave, margins in
# survey_margins.csv) and tests/reference/design_fixture.csv (make_design_fixture.py; nation C is a
# single-PSU stratum), raked to role and nation totals written below.
# Section 3 compares groups that sit in different strata (by nation, and by an area made from nation
# and school number), so that under survey.lonely.psu = "average" the pairs' own strata differ from all
# strata; its logit intervals come from svyciprop's fit run to convergence (see logit_ci).
suppressMessages(library(survey))
out <- data.frame()
put <- function(case, group, quantity, value) {
  out <<- rbind(out, data.frame(case = case, group = group, quantity = quantity, value = sprintf("%.17g", value)))
}
pairs <- function(case, des, by) {
  base <- subset(des, !is.na(not_confident))
  lv <- levels(base$variables[[by]])
  for (i in 1:(length(lv) - 1)) for (j in (i + 1):length(lv)) {
    inpair <- base$variables[[by]] %in% lv[c(i, j)]
    s <- base[inpair, ]
    second <- as.numeric(s$variables[[by]] == lv[j])
    s <- update(s, second = second)
    t <- suppressWarnings(svyttest(not_confident ~ second, s))
    m <- suppressWarnings(svyglm(not_confident ~ second, s))
    g <- paste(lv[i], lv[j], sep = "-")
    put(case, g, "difference", -coef(m)[2]); put(case, g, "difference_se", SE(m)[2])
    put(case, g, "t", -t$statistic); put(case, g, "df", t$parameter); put(case, g, "p_value", t$p.value)
  }
}
# svyciprop(method = "logit") fits svyglm(y ~ 1, family = quasibinomial) to glm's default deviance
# tolerance (1e-8), which moves the bounds by up to a few parts in 1e9; with tight = TRUE the same fit
# and confint(method = "Wald", ddf = degf) are run to convergence (epsilon 1e-15), as svyciprop's code does.
logit_ci <- function(s, tight) {
  if (!tight) return(attr(svyciprop(~not_confident, s, method = "logit", na.rm = TRUE), "ci"))
  m <- svyglm(not_confident ~ 1, s, family = quasibinomial, control = glm.control(epsilon = 1e-15, maxit = 100))
  suppressMessages(as.numeric(plogis(confint(m, 1, level = 0.95, method = "Wald", ddf = degf(s)))))
}
means <- function(case, des, by, tight = FALSE) {
  base <- subset(des, !is.na(not_confident))
  groups <- list(All = base)
  for (g in levels(base$variables[[by]])) groups[[g]] <- base[base$variables[[by]] == g, ]
  for (g in names(groups)) {
    s <- groups[[g]]
    e <- svymean(~not_confident, s, deff = TRUE, na.rm = TRUE)
    lo <- logit_ci(s, tight)
    be <- svyciprop(~not_confident, s, method = "beta", na.rm = TRUE)
    put(case, g, "proportion", coef(e)[1]); put(case, g, "se", SE(e)[1]); put(case, g, "deff", deff(e)[1])
    put(case, g, "deff_replace", deff(svymean(~not_confident, s, deff = "replace", na.rm = TRUE))[1])
    put(case, g, "df", degf(s))
    put(case, g, "logit_lower", lo[1]); put(case, g, "logit_upper", lo[2])
    put(case, g, "beta_lower", attr(be, "ci")[1]); put(case, g, "beta_upper", attr(be, "ci")[2])
  }
  rf <- svychisq(as.formula(paste("~", by, "+ not_confident")), base, statistic = "F")
  put(case, by, "F", rf$statistic); put(case, by, "F_p", rf$p.value)
}
tight <- list(maxit = 200, epsilon = 1e-13)

# 1. pairwise comparisons on the 2018 wave of the survey fixture: design only, and raked
d <- read.csv("tests/reference/survey_fixture.csv", colClasses = c(wave = "character"))
d <- d[d$wave == "2018", ]
d$phase <- factor(d$phase, levels = c("Primary", "Secondary", "Special"))
d$role <- factor(d$role, levels = c("Head", "DSL"))
m <- read.csv("tests/reference/survey_margins.csv")
targets <- list(data.frame(role = factor(c("Head", "DSL"), levels = levels(d$role)), Freq = m$population[m$variable == "role"]),
                data.frame(phase = factor(c("Primary", "Secondary", "Special"), levels = levels(d$phase)),
                           Freq = m$population[m$variable == "phase"]))
des <- svydesign(ids = ~school, strata = ~nation, weights = ~weight, nest = TRUE, data = d)
fpc <- svydesign(ids = ~school, strata = ~nation, weights = ~weight, fpc = ~schools_in_nation, nest = TRUE, data = d)
plain <- svydesign(ids = ~1, weights = ~weight, data = d)
for (by in c("phase", "role")) {
  pairs("design", des, by)
  pairs("design_fpc", fpc, by)
  pairs("raked_design", rake(des, list(~role, ~phase), targets, control = tight), by)
  pairs("raked_design_fpc", rake(fpc, list(~role, ~phase), targets, control = tight), by)
  pairs("raked_weights", rake(plain, list(~role, ~phase), targets, control = tight), by)
}

# 2. a single-PSU stratum (nation C) with raking to role and nation, under each lonely-PSU rule
f <- read.csv("tests/reference/design_fixture.csv")
f$role <- factor(f$role, levels = c("DSL", "Head"))
f$nation <- factor(f$nation, levels = c("A", "B", "C"))
ftargets <- list(data.frame(role = factor(c("DSL", "Head"), levels = levels(f$role)), Freq = c(40, 40)),
                 data.frame(nation = factor(c("A", "B", "C"), levels = levels(f$nation)), Freq = c(50, 22, 8)))
for (rule in c("certainty", "remove", "adjust", "average")) {
  options(survey.lonely.psu = rule)
  fdes <- svydesign(ids = ~school, strata = ~nation, weights = ~weight, nest = TRUE, data = f)
  raked <- rake(fdes, list(~role, ~nation), ftargets, control = tight)
  means(paste0("lonely_raked_", rule), raked, "role")
  pairs(paste0("lonely_raked_", rule), raked, "role")
  pairs(paste0("lonely_", rule), fdes, "role")
}

# 3. groups in different strata (design_fixture), so that pairs hold different strata: by nation, and by
# area (X: nation A, odd-numbered schools; Y: nation A, even-numbered schools, and nation B; Z: nation C,
# the single-PSU stratum), under each lonely-PSU rule. Without raking R's subset keeps only the pair's
# PSUs, so under "average" the variance is scaled by the pair's strata over those that are not lonely:
# X-Y 2/2, X-Z 2/1, Y-Z 3/2 (against 3/2 for every pair if all strata counted). Raked, every row stays.
f$area <- factor(ifelse(f$nation == "C", "Z", ifelse(f$nation == "A" & f$school %% 2 == 1, "X", "Y")),
                 levels = c("X", "Y", "Z"))
for (rule in c("certainty", "remove", "adjust", "average")) {
  options(survey.lonely.psu = rule)
  fdes <- svydesign(ids = ~school, strata = ~nation, weights = ~weight, nest = TRUE, data = f)
  raked <- rake(fdes, list(~role, ~nation), ftargets, control = tight)
  for (by in c("nation", "area")) {
    means(paste("strata", rule, by, sep = "_"), fdes, by, tight = TRUE)
    pairs(paste("strata", rule, by, sep = "_"), fdes, by)
    means(paste("strata_raked", rule, by, sep = "_"), raked, by, tight = TRUE)
    pairs(paste("strata_raked", rule, by, sep = "_"), raked, by)
  }
}
write.csv(out, stdout(), row.names = FALSE, quote = FALSE)
