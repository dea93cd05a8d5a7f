from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'text.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_r = resolve('r')
    l_0_s = resolve('s')
    l_0_a = l_0_pct = missing
    try:
        t_1 = environment.filters['clip']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'clip' found.")
    try:
        t_2 = environment.filters['format']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'format' found.")
    try:
        t_3 = environment.filters['grid']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'grid' found.")
    try:
        t_4 = environment.filters['indent']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'indent' found.")
    try:
        t_5 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_6 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_7 = environment.filters['points']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'points' found.")
    try:
        t_8 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_8(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    try:
        t_9 = environment.filters['short']
    except KeyError:
        @internalcode
        def t_9(*unused):
            raise TemplateRuntimeError("No filter named 'short' found.")
    try:
        t_10 = environment.filters['truncate_lines']
    except KeyError:
        @internalcode
        def t_10(*unused):
            raise TemplateRuntimeError("No filter named 'truncate_lines' found.")
    try:
        t_11 = environment.tests['defined']
    except KeyError:
        @internalcode
        def t_11(*unused):
            raise TemplateRuntimeError("No test named 'defined' found.")
    try:
        t_12 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_12(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    l_0_a = environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'assignment')
    context.vars['a'] = l_0_a
    context.exported_vars.add('a')
    yield str(context.call((undefined(name='s') if l_0_s is missing else l_0_s), str_join(('grader ', environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'grader'), 'version'), )), 'bold'))
    yield ' · '
    yield str(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'title'))
    yield ' ('
    yield str(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'name'))
    yield ')\nsubmission: '
    yield str(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'submission'), 'path'))
    if environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'submission'), 'sha256'):
        pass
        yield ' (sha256 '
        yield str(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'submission'), 'sha256')[:12])
        yield ')'
    yield '\n\n'
    if (not context.call(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'imported'), 'get'), 'ok', True)):
        pass
        yield str(context.call((undefined(name='s') if l_0_s is missing else l_0_s), 'Your module could not be imported; no problem could be graded.', 'red', 'bold'))
        yield '\n'
        yield str(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'imported'), 'detail'))
        yield '\n'
        if (environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'imported'), 'error') and environment.getattr(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'imported'), 'error'), 'traceback')):
            pass
            yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'imported'), 'error'), 'traceback'))
            yield '\n'
        for l_1_n in context.call(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'imported'), 'get'), 'notes', []):
            _loop_vars = {}
            pass
            yield 'note: '
            yield str(l_1_n)
            yield '\n'
        l_1_n = missing
        if environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'imported'), 'stderr'):
            pass
            yield 'stderr:\n'
            yield str(t_4(t_10(t_1(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'imported'), 'stderr')), 10), 2, True))
            yield '\n'
        yield '\n'
    l_1_loop = missing
    for l_1_p, l_1_loop in LoopContext(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'problems'), undefined):
        l_1_STATUS_LABELS = resolve('STATUS_LABELS')
        l_1_label = l_1_color = missing
        _loop_vars = {}
        pass
        (l_1_label, l_1_color) = environment.getitem((undefined(name='STATUS_LABELS') if l_1_STATUS_LABELS is missing else l_1_STATUS_LABELS), environment.getattr(l_1_p, 'status'))
        _loop_vars.update({'color': l_1_color, 'label': l_1_label})
        yield str(context.call((undefined(name='s') if l_0_s is missing else l_0_s), (undefined(name='label') if l_1_label is missing else l_1_label), (undefined(name='color') if l_1_color is missing else l_1_color), 'bold', _loop_vars=_loop_vars))
        yield '  '
        yield str(t_2('%-28s', environment.getattr(l_1_p, 'id')))
        yield ' '
        yield str(t_2('%7s', str_join((t_7(environment.getattr(l_1_p, 'score')), '/', t_7(environment.getattr(l_1_p, 'max_score')), ))))
        if environment.getattr(l_1_p, 'messages'):
            pass
            yield '  '
            yield str(t_9(environment.getitem(environment.getattr(l_1_p, 'messages'), 0), 90))
        yield '\n'
        if (environment.getattr(l_1_p, 'status') not in ('passed', 'not_run', 'not_gradable')):
            pass
            for l_2_m in environment.getattr(l_1_p, 'messages')[1:]:
                _loop_vars = {}
                pass
                yield '      '
                yield str(l_2_m)
                yield '\n'
            l_2_m = missing
            def t_13(fiter):
                for l_2_c in fiter:
                    if ((environment.getattr(l_2_c, 'status') != 'passed') and (environment.getattr(l_2_c, 'status') != 'not_run')):
                        yield l_2_c
            l_2_loop = missing
            for l_2_c, l_2_loop in LoopContext(t_13(environment.getattr(l_1_p, 'cases')), undefined):
                l_2_repeated = resolve('repeated')
                _loop_vars = {}
                pass
                if (not ((environment.getattr(l_2_loop, 'index') > 1) and context.call(environment.getattr(environment.getattr(l_2_c, 'message'), 'startswith'), 'not run', _loop_vars=_loop_vars))):
                    pass
                    l_2_repeated = ((environment.getattr(l_1_p, 'messages') and (environment.getattr(l_2_c, 'message') == environment.getitem(environment.getattr(l_1_p, 'messages'), 0))) and (t_6(environment.getattr(l_2_c, 'message')) <= 90))
                    _loop_vars['repeated'] = l_2_repeated
                    if ((not (undefined(name='repeated') if l_2_repeated is missing else l_2_repeated)) or ((t_6(environment.getattr(l_1_p, 'cases')) > 1) and ((environment.getattr(l_2_c, 'details') or environment.getattr(l_2_c, 'feedback')) or (environment.getattr(l_2_c, 'error') and environment.getattr(environment.getattr(l_2_c, 'error'), 'traceback'))))):
                        pass
                        if (t_6(environment.getattr(l_1_p, 'cases')) > 1):
                            pass
                            yield '      '
                            yield str(context.call((undefined(name='s') if l_0_s is missing else l_0_s), environment.getattr(l_2_c, 'name'), 'bold', _loop_vars=_loop_vars))
                            yield ': '
                            yield str((environment.getattr(l_2_c, 'message') if (not (undefined(name='repeated') if l_2_repeated is missing else l_2_repeated)) else ''))
                            yield '\n'
                        else:
                            pass
                            yield '      '
                            yield str(environment.getattr(l_2_c, 'message'))
                            yield '\n'
                    if (t_11(environment.getattr(environment.getattr(l_2_c, 'details'), 'mask')) and (not t_12(environment.getattr(l_2_c, 'observed')))):
                        pass
                        yield '        got   '
                        yield str(context.call((undefined(name='s') if l_0_s is missing else l_0_s), '(cells marked * differ)', 'dim', _loop_vars=_loop_vars))
                        yield '\n'
                        l_3_loop = missing
                        for l_3_row, l_3_loop in LoopContext(t_3(environment.getattr(l_2_c, 'observed'), environment.getattr(environment.getattr(l_2_c, 'details'), 'mask')), undefined):
                            _loop_vars = {}
                            pass
                            yield '          ['
                            l_4_loop = missing
                            for (l_4_cell, l_4_bad), l_4_loop in LoopContext(l_3_row, undefined):
                                _loop_vars = {}
                                pass
                                yield str((' ' if (not environment.getattr(l_4_loop, 'first')) else cond_expr_undefined("the inline if-expression on line 40 in 'text.j2' evaluated to false and no else section was defined.")))
                                yield str((context.call((undefined(name='s') if l_0_s is missing else l_0_s), str_join((l_4_cell, '*', )), 'red', 'bold', _loop_vars=_loop_vars) if l_4_bad else str_join((l_4_cell, ' ', ))))
                            l_4_loop = l_4_cell = l_4_bad = missing
                            yield ']\n'
                        l_3_loop = l_3_row = missing
                        yield '        expected\n'
                        l_3_loop = missing
                        for l_3_row, l_3_loop in LoopContext(t_3(environment.getattr(l_2_c, 'expected')), undefined):
                            _loop_vars = {}
                            pass
                            yield '          ['
                            l_4_loop = missing
                            for (l_4_cell, l_4_bad), l_4_loop in LoopContext(l_3_row, undefined):
                                _loop_vars = {}
                                pass
                                yield str((' ' if (not environment.getattr(l_4_loop, 'first')) else cond_expr_undefined("the inline if-expression on line 44 in 'text.j2' evaluated to false and no else section was defined.")))
                                yield str(l_4_cell)
                                yield ' '
                            l_4_loop = l_4_cell = l_4_bad = missing
                            yield ']\n'
                        l_3_loop = l_3_row = missing
                    elif ((environment.getattr(l_2_c, 'status') == 'failed') and context.call(environment.getattr(environment.getattr(l_2_c, 'details'), 'get'), 'path', _loop_vars=_loop_vars)):
                        pass
                        yield '        expected '
                        yield str(t_9(environment.getattr(l_2_c, 'expected')))
                        yield '\n        got      '
                        yield str(t_9(environment.getattr(l_2_c, 'observed')))
                        yield '\n'
                    if t_11(environment.getattr(environment.getattr(l_2_c, 'details'), 'pointer')):
                        pass
                        yield str(t_4(environment.getattr(environment.getattr(l_2_c, 'details'), 'pointer'), 8, True))
                        yield '\n'
                    if t_11(environment.getattr(environment.getattr(l_2_c, 'details'), 'pretty')):
                        pass
                        yield '        your answer, as parsed:\n'
                        yield str(t_4(environment.getattr(environment.getattr(l_2_c, 'details'), 'pretty'), 10, True))
                        yield '\n'
                    if (t_11(environment.getattr(environment.getattr(l_2_c, 'details'), 'counterexample')) and environment.getattr(environment.getattr(l_2_c, 'details'), 'counterexample')):
                        pass
                        yield '        counterexample: '
                        l_3_loop = missing
                        for (l_3_k, l_3_v), l_3_loop in LoopContext(context.call(environment.getattr(environment.getattr(environment.getattr(l_2_c, 'details'), 'counterexample'), 'items'), _loop_vars=_loop_vars), undefined):
                            _loop_vars = {}
                            pass
                            yield str(l_3_k)
                            yield ' = '
                            yield str(l_3_v)
                            yield str((', ' if (not environment.getattr(l_3_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 58 in 'text.j2' evaluated to false and no else section was defined.")))
                        l_3_loop = l_3_k = l_3_v = missing
                        yield '\n'
                    if (environment.getattr(l_2_c, 'error') and environment.getattr(environment.getattr(l_2_c, 'error'), 'traceback')):
                        pass
                        yield str(t_4(t_10(environment.getattr(environment.getattr(l_2_c, 'error'), 'traceback'), 14), 8, True))
                        yield '\n'
                    for l_3_n in environment.getattr(l_2_c, 'notes'):
                        _loop_vars = {}
                        pass
                        yield '        '
                        yield str(context.call((undefined(name='s') if l_0_s is missing else l_0_s), 'note:', 'yellow', _loop_vars=_loop_vars))
                        yield ' '
                        yield str(l_3_n)
                        yield '\n'
                    l_3_n = missing
                    for l_3_f in environment.getattr(l_2_c, 'feedback'):
                        _loop_vars = {}
                        pass
                        yield '        '
                        yield str(context.call((undefined(name='s') if l_0_s is missing else l_0_s), 'hint:', 'cyan', _loop_vars=_loop_vars))
                        yield ' '
                        yield str(t_4(l_3_f, 14))
                        yield '\n'
                    l_3_f = missing
                    if environment.getattr(l_2_c, 'stdout'):
                        pass
                        yield '        stdout: '
                        yield str(t_4(t_10(t_1(environment.getattr(l_2_c, 'stdout')), 8), 16))
                        yield '\n'
                    if (environment.getattr(l_2_c, 'stderr') and (environment.getattr(l_2_c, 'status') == 'error')):
                        pass
                        yield '        stderr: '
                        yield str(t_4(t_10(t_1(environment.getattr(l_2_c, 'stderr')), 8), 16))
                        yield '\n'
            l_2_loop = l_2_c = l_2_repeated = missing
    l_1_loop = l_1_p = l_1_STATUS_LABELS = l_1_label = l_1_color = missing
    yield '\n'
    l_0_pct = (((100 * environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'total')) / environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'max_total')) if environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'max_total') else 0)
    context.vars['pct'] = l_0_pct
    context.exported_vars.add('pct')
    yield str(context.call((undefined(name='s') if l_0_s is missing else l_0_s), str_join(('Total: ', t_7(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'total')), '/', t_7(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'max_total')), ' (', t_2('%.1f', (undefined(name='pct') if l_0_pct is missing else l_0_pct)), '%)', )), 'bold', ('green' if ((environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'total') == environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'max_total')) and environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'max_total')) else 'red')))
    yield ' · '
    def t_14(fiter):
        for (l_1_k, l_1_n) in fiter:
            if l_1_n:
                yield (l_1_k, l_1_n)
    l_1_loop = missing
    for (l_1_k, l_1_n), l_1_loop in LoopContext(t_14(context.call(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'counts'), 'items'))), undefined):
        _loop_vars = {}
        pass
        yield str(l_1_n)
        yield ' '
        yield str(t_8(context.eval_ctx, l_1_k, '_', ' '))
        yield str((', ' if (not environment.getattr(l_1_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 82 in 'text.j2' evaluated to false and no else section was defined.")))
    l_1_loop = l_1_k = l_1_n = missing
    yield '\n'
    if context.call(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'isolation'), 'get'), 'level'):
        pass
        yield str(context.call((undefined(name='s') if l_0_s is missing else l_0_s), str_join(('isolation: ', context.call(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'isolation'), 'get'), 'level'), (str_join((' (', t_5(context.eval_ctx, context.call(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'isolation'), 'get'), 'protections'), ', '), ')', )) if context.call(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'isolation'), 'get'), 'protections') else ''), )), 'dim'))
        yield '\n'

blocks = {}
debug_info = '1=86&2=89&3=95&4=102&5=104&6=106&7=108&8=110&10=112&11=116&13=119&15=122&19=126&20=131&21=133&23=143&24=145&25=149&27=152&28=161&29=163&30=165&31=167&32=170&34=177&37=179&38=182&39=185&40=190&43=200&44=205&46=214&47=217&48=219&50=221&51=223&53=225&55=228&57=230&58=234&61=243&62=245&64=247&65=251&67=256&68=260&70=265&71=268&73=270&74=273&81=278&82=281&84=297&85=299'