# Reference values for the illustrative clustered wave (examples/2018-schools) from R's survey (4.1.1):
# "not confident" (the two lowest of five points, among those who answered) and "trained" by phase,
# on the stratified cluster design with fpc, and after raking to margins.csv; pairs of phases by svyttest.
# R version 4.2.2 Patched (2022-11-10 r83330), survey 4.1.1.
# Command (from the repository root):
#   Rscript tests/reference/example_schools_reference.R > tests/reference/example_schools_reference.csv
suppressMessages(library(survey))
d <- read.csv("examples/2018-schools/illustrative_2018_schools.csv", check.names = FALSE, na.strings = "")
names(d)[1:9] <- c("id", "nation", "school", "schools", "phase", "role", "weight", "conf", "trained")
d$phase <- factor(d$phase, levels = c("Primary", "Secondary", "Special"))
d$role <- factor(d$role, levels = c("Headteacher", "Safeguarding lead"))
d$not_confident <- ifelse(is.na(d$conf), NA, as.numeric(d$conf %in% c("Not at all confident", "Slightly confident")))
d$is_trained <- as.numeric(d$trained == "Yes")
m <- read.csv("examples/2018-schools/margins.csv")
out <- data.frame()
put <- function(case, indicator, group, quantity, value) {
  out <<- rbind(out, data.frame(case = case, indicator = indicator, group = group, quantity = quantity,
                                value = sprintf("%.17g", value)))
}
des <- svydesign(ids = ~school, strata = ~nation, weights = ~weight, fpc = ~schools, nest = TRUE, data = d)
targets <- list(data.frame(role = factor(m$category[m$variable == "role"], levels = levels(d$role)),
                           Freq = m$population[m$variable == "role"]),
                data.frame(phase = factor(m$category[m$variable == "phase"], levels = levels(d$phase)),
                           Freq = m$population[m$variable == "phase"]))
raked <- rake(des, list(~role, ~phase), targets, control = list(maxit = 200, epsilon = 1e-13))
for (case in c("design", "raked")) {
  s0 <- if (case == "design") des else raked
  for (ind in c("not_confident", "is_trained")) {
    f <- as.formula(paste0("~", ind))
    base <- subset(s0, !is.na(s0$variables[[ind]]))
    groups <- list(All = base)
    for (g in levels(d$phase)) groups[[g]] <- base[base$variables$phase == g, ]
    for (g in names(groups)) {
      e <- svymean(f, groups[[g]], deff = TRUE, na.rm = TRUE)
      put(case, ind, g, "proportion", coef(e)[1]); put(case, ind, g, "se", SE(e)[1])
      put(case, ind, g, "deff", deff(e)[1])
      put(case, ind, g, "deff_replace", deff(svymean(f, groups[[g]], deff = "replace", na.rm = TRUE))[1])
    }
    t <- svychisq(as.formula(paste0("~phase + ", ind)), base)
    put(case, ind, "phase", "F", t$statistic); put(case, ind, "phase", "F_p", t$p.value)
    # pairs of phases: svyttest on the pair's subset (t on degf(subset) - 1); first minus second
    lv <- levels(d$phase)
    for (i in 1:(length(lv) - 1)) for (j in (i + 1):length(lv)) {
      s <- base[base$variables$phase %in% lv[c(i, j)], ]
      s <- update(s, second = as.numeric(phase == lv[j]))
      tt <- suppressWarnings(svyttest(as.formula(paste0(ind, " ~ second")), s))
      g <- paste(lv[i], lv[j], sep = "-")
      put(case, ind, g, "difference", -tt$estimate); put(case, ind, g, "t", -tt$statistic)
      put(case, ind, g, "df", tt$parameter); put(case, ind, g, "p_value", tt$p.value)
    }
  }
}
write.csv(out, stdout(), row.names = FALSE, quote = FALSE)
